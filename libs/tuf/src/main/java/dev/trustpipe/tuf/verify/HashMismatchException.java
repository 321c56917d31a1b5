package dev.trustpipe.tuf.verify;

/** The file's SHA-256/SHA-512 differ from the digests its referencing metadata records. */
public final class HashMismatchException extends VerificationException {
  private static final long serialVersionUID = 1L;
  private final String referencedBy;

  public HashMismatchException(String role, String referencedBy) {
    super(role, "role " + role + " does not have the digests " + referencedBy + " records");
    this.referencedBy = referencedBy;
  }

  public String referencedBy() {
    return referencedBy;
  }
}
