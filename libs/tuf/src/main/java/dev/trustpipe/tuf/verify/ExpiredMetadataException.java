package dev.trustpipe.tuf.verify;

import java.time.Instant;

/** The metadata's {@code expires} is not after the verifier's clock. */
public final class ExpiredMetadataException extends VerificationException {
  private static final long serialVersionUID = 1L;
  private final Instant expires;
  private final Instant now;

  public ExpiredMetadataException(String role, Instant expires, Instant now) {
    super(role, "role " + role + " expired at " + expires + " (now " + now + ")");
    this.expires = expires;
    this.now = now;
  }

  public Instant expires() {
    return expires;
  }

  public Instant now() {
    return now;
  }
}
