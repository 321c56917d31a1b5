package dev.trustpipe.tuf.crypto;

/** A public key or certificate in metadata cannot be decoded, or is of an unsupported kind. */
public class KeyFormatException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public KeyFormatException(String message) {
    super(message);
  }

  public KeyFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
