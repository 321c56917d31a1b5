package dev.trustpipe.truststore;

import java.time.Instant;
import java.util.Objects;

/** The current version of a role and when it expires: one item of the renewal work list. */
public record ExpiringMetadata(String gun, String role, int version, Instant expires) {
  public ExpiringMetadata {
    Objects.requireNonNull(gun, "gun");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(expires, "expires");
  }
}
