package dev.trustpipe.signing.registry;

/**
 * The registry could not answer now: connection refused or timed out, HTTP 5xx or 429, or it did
 * not accept the configured credentials. Transient by definition: the event that needed the answer
 * must be retried later, never rejected or signed on the strength of this.
 */
public final class RegistryUnavailableException extends Exception {
  private static final long serialVersionUID = 1L;

  public RegistryUnavailableException(String message) {
    super(message);
  }

  public RegistryUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
