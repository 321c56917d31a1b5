package dev.trustpipe.signing.registry;

/**
 * The registry answered the manifest request with a final client error other than "not found" (for
 * example 400 for a name it considers invalid, or a redirect TrustPipe does not follow): asking
 * again will not change the answer, so the event that needed it cannot be confirmed.
 */
public final class RegistryRefusedException extends Exception {
  private static final long serialVersionUID = 1L;

  private final int status;

  public RegistryRefusedException(int status, String message) {
    super(message);
    this.status = status;
  }

  /** The HTTP status the registry answered with. */
  public int status() {
    return status;
  }
}
