package dev.trustpipe.tuf.verify;

/** The root chain skips or repeats a version. */
public final class RootChainException extends VerificationException {
  private static final long serialVersionUID = 1L;
  private final int trustedVersion;
  private final int nextVersion;

  public RootChainException(String role, int trustedVersion, int nextVersion) {
    super(
        role,
        "root v"
            + nextVersion
            + " does not follow trusted root v"
            + trustedVersion
            + " (each root version must be the previous + 1)");
    this.trustedVersion = trustedVersion;
    this.nextVersion = nextVersion;
  }

  public int trustedVersion() {
    return trustedVersion;
  }

  public int nextVersion() {
    return nextVersion;
  }
}
