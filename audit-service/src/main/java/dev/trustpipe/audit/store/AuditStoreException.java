package dev.trustpipe.audit.store;

/** The audit database failed or refused an operation. */
public final class AuditStoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public AuditStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
