package dev.trustpipe.custody.vault;

import dev.trustpipe.custody.CustodyException;
import java.util.List;

/**
 * Vault answered a request with an error (4xx, or a 500 that Vault uses for some client mistakes):
 * retrying the same request will not help. The message carries the status and Vault's own {@code
 * errors} strings, which never contain tokens or key material.
 */
public class VaultRequestException extends CustodyException {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final List<String> errors;

  public VaultRequestException(String message, int status, List<String> errors) {
    super(message);
    this.status = status;
    this.errors = List.copyOf(errors);
  }

  public int status() {
    return status;
  }

  /** Vault's {@code errors} array, as sent. */
  public List<String> errors() {
    return errors;
  }

  /** 401/403: the token is missing, expired, revoked or lacks a policy. */
  public boolean isPermissionDenied() {
    return status == 401 || status == 403;
  }
}
