package dev.trustpipe.tuf.verify;

/**
 * A file the repository needs is absent, or the snapshot does not list a published role (a client
 * could not fetch it without the snapshot's length and digests).
 */
public final class MissingMetadataException extends VerificationException {
  private static final long serialVersionUID = 1L;
  private final String referencedBy;

  /** No metadata for {@code role}, which {@code referencedBy} needs. */
  public MissingMetadataException(String role, String referencedBy) {
    this(
        role,
        referencedBy,
        "no metadata for role " + role + " where " + referencedBy + " needs it");
  }

  private MissingMetadataException(String role, String referencedBy, String message) {
    super(role, message);
    this.referencedBy = referencedBy;
  }

  /** {@code role} is published but {@code referencedBy} (the snapshot) does not list it. */
  public static MissingMetadataException unlisted(String role, String referencedBy) {
    return new MissingMetadataException(
        role,
        referencedBy,
        "role " + role + " is published but " + referencedBy + " does not list it");
  }

  public String referencedBy() {
    return referencedBy;
  }
}
