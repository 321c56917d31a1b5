package dev.trustpipe.timestamp.renewal;

import dev.trustpipe.tuf.model.RoleName;
import dev.trustpipe.tuf.repo.ExpiryPolicy;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How the renewal runs.
 *
 * @param policy lifetimes of newly signed metadata, and the clock
 * @param renewBefore per renewable role, how long before its expiry it is re-signed; the roles in
 *     this map are the ones renewed (iteration order = claim order)
 * @param batchSize repositories claimed and written per transaction
 * @param lease how long a claim keeps other replicas away; must outlast signing one batch
 * @param firstBackoff wait before retrying a repository whose renewal failed (doubles each time)
 * @param maxBackoff the longest such wait
 * @param maxConflictRetries how often a repository that a concurrent writer changed is re-read and
 *     re-signed within one batch
 */
public record RenewalSettings(
    ExpiryPolicy policy,
    Map<String, Duration> renewBefore,
    int batchSize,
    Duration lease,
    Duration firstBackoff,
    Duration maxBackoff,
    int maxConflictRetries) {

  public RenewalSettings {
    Objects.requireNonNull(policy, "policy");
    if (renewBefore.isEmpty()) {
      throw new IllegalArgumentException("at least one role must be renewed");
    }
    renewBefore.forEach(
        (role, window) -> {
          if (RoleName.ROOT.equals(role)) {
            throw new IllegalArgumentException("root needs offline keys; it is never renewed here");
          }
          RoleName.requireValid(role);
          requirePositive(window, "renew-before of " + role);
          if (window.compareTo(policy.lifetimeOf(role)) >= 0) {
            throw new IllegalArgumentException(
                "renew-before of "
                    + role
                    + " ("
                    + window
                    + ") must be shorter than its lifetime ("
                    + policy.lifetimeOf(role)
                    + "), or every renewal would be due again at once");
          }
        });
    renewBefore = Collections.unmodifiableMap(new LinkedHashMap<>(renewBefore));
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be >= 1");
    }
    requirePositive(lease, "lease");
    requirePositive(firstBackoff, "firstBackoff");
    requirePositive(maxBackoff, "maxBackoff");
    if (maxConflictRetries < 0) {
      throw new IllegalArgumentException("maxConflictRetries must be >= 0");
    }
  }

  /**
   * The usual roles: {@code targets} (managed mode) and {@code targets/releases} with {@code
   * targetsRenewBefore}, snapshot and timestamp with their own windows.
   */
  public static Map<String, Duration> windows(
      Duration timestamp, Duration snapshot, Duration targets, boolean managedTargets) {
    Map<String, Duration> windows = new LinkedHashMap<>();
    if (managedTargets) {
      windows.put(RoleName.TARGETS, targets);
    }
    windows.put(RoleName.RELEASES, targets);
    windows.put(RoleName.SNAPSHOT, snapshot);
    windows.put(RoleName.TIMESTAMP, timestamp);
    return windows;
  }

  private static void requirePositive(Duration duration, String name) {
    Objects.requireNonNull(duration, name);
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + duration);
    }
  }
}
