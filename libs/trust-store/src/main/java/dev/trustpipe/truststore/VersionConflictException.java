package dev.trustpipe.truststore;

/**
 * A new version of a role was not strictly greater than every stored version of that role (Notary
 * answers {@code 400 VERSION}). Nothing of the transaction that tried it is written.
 */
public final class VersionConflictException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String gun;
  private final String role;
  private final int attemptedVersion;
  private final int currentVersion;

  public VersionConflictException(
      String gun, String role, int attemptedVersion, int currentVersion) {
    super(
        "%s %s: version %d is not newer than the stored version %d"
            .formatted(gun, role, attemptedVersion, currentVersion));
    this.gun = gun;
    this.role = role;
    this.attemptedVersion = attemptedVersion;
    this.currentVersion = currentVersion;
  }

  public String gun() {
    return gun;
  }

  public String role() {
    return role;
  }

  public int attemptedVersion() {
    return attemptedVersion;
  }

  /** The highest stored version of the role when the conflict was detected. */
  public int currentVersion() {
    return currentVersion;
  }
}
