package dev.trustpipe.tuf.verify;

/** A delegation lists a target (or delegates a path) outside the paths its parent gave it. */
public final class DelegationPathException extends VerificationException {
  private static final long serialVersionUID = 1L;
  private final String target;

  public DelegationPathException(String role, String target) {
    super(role, "role " + role + " lists " + target + ", outside the paths delegated to it");
    this.target = target;
  }

  public String target() {
    return target;
  }
}
