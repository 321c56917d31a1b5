package dev.trustpipe.timestamp.renewal;

import dev.trustpipe.truststore.ExpiringMetadata;
import dev.trustpipe.truststore.TrustStore;
import dev.trustpipe.tuf.model.RoleName;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What operators watch, read from the expiry index at a cost independent of the number of
 * repositories stored: per role the earliest expiry and how many are due; roles that need offline
 * keys (root) expiring within the warning window; repositories whose renewal keeps failing.
 *
 * @param asOf when it was read
 * @param earliest per renewable role, the current file that expires first
 * @param due per renewable role, how many are inside their renewal window (the backlog)
 * @param offlineExpiring roots expiring within the offline warning window
 * @param earliestOffline the root that expires first
 * @param failing repositories backing off after failed renewals
 */
public record RenewalStatus(
    Instant asOf,
    Map<String, ExpiringMetadata> earliest,
    Map<String, Long> due,
    long offlineExpiring,
    Optional<ExpiringMetadata> earliestOffline,
    long failing) {

  /** Roles TrustPipe cannot renew itself: their keys are held offline by the owner. */
  public static final String OFFLINE_ROLE = RoleName.ROOT;

  public static RenewalStatus read(
      TrustStore store, RenewalSettings settings, Duration offlineWarnBefore, int failingLimit) {
    Instant now = settings.policy().now();
    Map<String, ExpiringMetadata> earliest = new LinkedHashMap<>();
    Map<String, Long> due = new LinkedHashMap<>();
    settings
        .renewBefore()
        .forEach(
            (role, window) -> {
              store.earliestExpiring(role).ifPresent(e -> earliest.put(role, e));
              due.put(role, store.countExpiringBefore(role, now.plus(window)));
            });
    long offline = store.countExpiringBefore(OFFLINE_ROLE, now.plus(offlineWarnBefore));
    return new RenewalStatus(
        now,
        earliest,
        due,
        offline,
        store.earliestExpiring(OFFLINE_ROLE),
        store.renewalFailures(failingLimit).size());
  }

  /** The renewable file that expires first, across roles. */
  public Optional<ExpiringMetadata> earliestOverall() {
    return earliest.values().stream().min((a, b) -> a.expires().compareTo(b.expires()));
  }

  public long backlog() {
    return due.values().stream().mapToLong(Long::longValue).sum();
  }
}
