package dev.trustpipe.tuf.verify;

/** A role's version is lower than the version already trusted. */
public final class RollbackException extends VerificationException {
  private static final long serialVersionUID = 1L;
  private final int trustedVersion;
  private final int candidateVersion;

  public RollbackException(String role, int trustedVersion, int candidateVersion) {
    super(
        role,
        "role " + role + " v" + candidateVersion + " is older than the trusted v" + trustedVersion);
    this.trustedVersion = trustedVersion;
    this.candidateVersion = candidateVersion;
  }

  public int trustedVersion() {
    return trustedVersion;
  }

  public int candidateVersion() {
    return candidateVersion;
  }
}
