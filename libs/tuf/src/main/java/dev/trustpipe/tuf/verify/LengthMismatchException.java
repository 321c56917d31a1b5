package dev.trustpipe.tuf.verify;

/** The file's length differs from the length its referencing metadata records. */
public final class LengthMismatchException extends VerificationException {
  private static final long serialVersionUID = 1L;
  private final String referencedBy;
  private final long expectedLength;
  private final long actualLength;

  public LengthMismatchException(
      String role, String referencedBy, long expectedLength, long actualLength) {
    super(
        role,
        "role "
            + role
            + " is "
            + actualLength
            + " bytes, "
            + referencedBy
            + " says "
            + expectedLength);
    this.referencedBy = referencedBy;
    this.expectedLength = expectedLength;
    this.actualLength = actualLength;
  }

  public String referencedBy() {
    return referencedBy;
  }

  public long expectedLength() {
    return expectedLength;
  }

  public long actualLength() {
    return actualLength;
  }
}
