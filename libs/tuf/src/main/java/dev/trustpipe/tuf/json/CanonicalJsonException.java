package dev.trustpipe.tuf.json;

/** A document is not valid JSON, or a value cannot be written as Notary canonical JSON. */
public class CanonicalJsonException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public CanonicalJsonException(String message) {
    super(message);
  }

  public CanonicalJsonException(String message, Throwable cause) {
    super(message, cause);
  }
}
