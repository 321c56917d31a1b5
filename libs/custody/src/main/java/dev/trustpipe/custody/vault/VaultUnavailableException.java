package dev.trustpipe.custody.vault;

import dev.trustpipe.custody.CustodyException;

/**
 * Vault could not be reached or kept failing (connection errors, timeouts, 429/502/503/504 after
 * every retry), or the circuit breaker is open. Worth retrying later; nothing was signed.
 */
public class VaultUnavailableException extends CustodyException {

  private static final long serialVersionUID = 1L;

  public VaultUnavailableException(String message) {
    super(message);
  }
}
