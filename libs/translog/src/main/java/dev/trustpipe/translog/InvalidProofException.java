package dev.trustpipe.translog;

/** A proof or a root did not verify, or its parameters are impossible. */
public final class InvalidProofException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public InvalidProofException(String message) {
    super(message);
  }
}
