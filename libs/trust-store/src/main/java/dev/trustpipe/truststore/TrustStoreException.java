package dev.trustpipe.truststore;

import java.sql.SQLException;
import java.util.Set;

/** A database failure of the trust store, with the SQLSTATE to decide whether a retry may help. */
public final class TrustStoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  // serialization_failure, deadlock_detected, lock_not_available, and the connection class 08
  private static final Set<String> TRANSIENT_STATES = Set.of("40001", "40P01", "55P03");

  private final String sqlState;

  public TrustStoreException(String message, SQLException cause) {
    super(message + ": " + cause.getMessage(), cause);
    this.sqlState = cause.getSQLState();
  }

  /** The SQLSTATE reported by PostgreSQL or the driver; may be {@code null}. */
  public String sqlState() {
    return sqlState;
  }

  /** True when the same work may succeed if retried (deadlock, serialization, lost connection). */
  public boolean isTransient() {
    return sqlState != null && (TRANSIENT_STATES.contains(sqlState) || sqlState.startsWith("08"));
  }
}
