package dev.trustpipe.tuf.verify;

/** Metadata exists for a delegation its parent does not declare. */
public final class UndelegatedRoleException extends VerificationException {
  private static final long serialVersionUID = 1L;
  private final String parent;

  public UndelegatedRoleException(String role, String parent) {
    super(role, "role " + role + " is not delegated by " + parent);
    this.parent = parent;
  }

  public String parent() {
    return parent;
  }
}
