package dev.trustpipe.tuf.verify;

/**
 * A repository failed verification. One subclass per violated rule, with the facts as fields, so
 * callers map them once (e.g. to Notary error codes at the HTTP edge).
 */
public abstract sealed class VerificationException extends RuntimeException
    permits SignatureThresholdException,
        ExpiredMetadataException,
        LengthMismatchException,
        HashMismatchException,
        MissingMetadataException,
        RootChainException,
        RollbackException,
        DelegationPathException,
        UndelegatedRoleException {
  private static final long serialVersionUID = 1L;
  private final String role;

  VerificationException(String role, String message) {
    super(message);
    this.role = role;
  }

  /** The role whose metadata broke the rule. */
  public String role() {
    return role;
  }
}
