package dev.trustpipe.tuf.repo;

import dev.trustpipe.tuf.model.RoleName;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * How long each role's metadata is valid, and the clock that says when "now" is. Defaults are
 * Notary's constants: root 10 years, targets / delegations / snapshot 3 years, timestamp 14 days (a
 * year is 365 days).
 */
public record ExpiryPolicy(
    Clock clock,
    Duration root,
    Duration targets,
    Duration delegation,
    Duration snapshot,
    Duration timestamp) {

  public static final Duration DEFAULT_ROOT = Duration.ofDays(3650);
  public static final Duration DEFAULT_TARGETS = Duration.ofDays(1095);
  public static final Duration DEFAULT_DELEGATION = Duration.ofDays(1095);
  public static final Duration DEFAULT_SNAPSHOT = Duration.ofDays(1095);
  public static final Duration DEFAULT_TIMESTAMP = Duration.ofDays(14);

  public ExpiryPolicy {
    Objects.requireNonNull(clock, "clock");
    requirePositive(root, "root");
    requirePositive(targets, "targets");
    requirePositive(delegation, "delegation");
    requirePositive(snapshot, "snapshot");
    requirePositive(timestamp, "timestamp");
  }

  public static ExpiryPolicy defaults(Clock clock) {
    return new ExpiryPolicy(
        clock,
        DEFAULT_ROOT,
        DEFAULT_TARGETS,
        DEFAULT_DELEGATION,
        DEFAULT_SNAPSHOT,
        DEFAULT_TIMESTAMP);
  }

  public Instant now() {
    return clock.instant();
  }

  /** The lifetime of metadata for {@code role} (any delegation uses {@link #delegation()}). */
  public Duration lifetimeOf(String role) {
    RoleName.requireValid(role);
    return switch (role) {
      case RoleName.ROOT -> root;
      case RoleName.TARGETS -> targets;
      case RoleName.SNAPSHOT -> snapshot;
      case RoleName.TIMESTAMP -> timestamp;
      default -> delegation;
    };
  }

  /** The expiry of metadata for {@code role} signed now. */
  public Instant expiryFor(String role) {
    return now().plus(lifetimeOf(role));
  }

  public ExpiryPolicy withTimestamp(Duration newTimestamp) {
    return new ExpiryPolicy(clock, root, targets, delegation, snapshot, newTimestamp);
  }

  public ExpiryPolicy withSnapshot(Duration newSnapshot) {
    return new ExpiryPolicy(clock, root, targets, delegation, newSnapshot, timestamp);
  }

  public ExpiryPolicy withClock(Clock newClock) {
    return new ExpiryPolicy(newClock, root, targets, delegation, snapshot, timestamp);
  }

  private static void requirePositive(Duration duration, String role) {
    Objects.requireNonNull(duration, role);
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(role + " lifetime must be positive");
    }
  }
}
