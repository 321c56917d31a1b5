package dev.trustpipe.tuf.crypto;

/** A signer could not produce a signature. Never carries key material. */
public class TufSigningException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public TufSigningException(String message) {
    super(message);
  }

  public TufSigningException(String message, Throwable cause) {
    super(message, cause);
  }
}
