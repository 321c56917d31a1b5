package dev.trustpipe.tuf.verify;

/** Fewer valid signatures by the role's listed keys than its threshold. */
public final class SignatureThresholdException extends VerificationException {
  private static final long serialVersionUID = 1L;
  private final int required;
  private final int verified;

  public SignatureThresholdException(String role, int required, int verified) {
    super(
        role,
        "role "
            + role
            + " needs "
            + required
            + " valid signature(s) from its keys, has "
            + verified);
    this.required = required;
    this.verified = verified;
  }

  public int required() {
    return required;
  }

  public int verified() {
    return verified;
  }
}
