package dev.trustpipe.timestamp;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the renewal ({@code trustpipe.timestamp.*}); application.yaml maps the documented
 * environment variables onto them (docs/configuration.md, timestamp-service).
 *
 * @param home state directory (keystore passphrase)
 * @param timestampExpiry lifetime of a renewed timestamp
 * @param timestampRenewBefore a timestamp is renewed when it expires within this
 * @param snapshotExpiry lifetime of a renewed snapshot
 * @param snapshotRenewBefore a snapshot is renewed when it expires within this
 * @param targetsExpiry lifetime of renewed {@code targets} and delegations
 * @param targetsRenewBefore they are renewed when they expire within this
 * @param managedTargets renew {@code targets} itself (managed mode: TrustPipe holds its key)
 * @param interval how often a pass looks for due roles
 * @param batchSize repositories per claim and write transaction
 * @param lease how long a claim keeps other replicas away; empty = min(30 s, timestamp renew-before
 *     / 4)
 * @param backoffFirst first wait after a failed renewal of a repository (doubles each time)
 * @param backoffMax longest such wait, and the longest pause of the loop when custody fails
 * @param dangerWindow readiness is DOWN while anything renewable expires within this; empty = min(1
 *     h, timestamp renew-before / 4)
 * @param offlineWarnBefore roles needing offline keys (root) are reported this long before expiry
 * @param parallelism threads signing one batch
 * @param maxConflictRetries re-reads of a repository a concurrent writer changed, per batch
 */
@ConfigurationProperties("trustpipe.timestamp")
public record TimestampProperties(
    Path home,
    Duration timestampExpiry,
    Duration timestampRenewBefore,
    Duration snapshotExpiry,
    Duration snapshotRenewBefore,
    Duration targetsExpiry,
    Duration targetsRenewBefore,
    boolean managedTargets,
    Duration interval,
    int batchSize,
    Duration lease,
    Duration backoffFirst,
    Duration backoffMax,
    Duration dangerWindow,
    Duration offlineWarnBefore,
    int parallelism,
    int maxConflictRetries) {

  public Duration effectiveLease() {
    return lease != null ? lease : min(Duration.ofSeconds(30), timestampRenewBefore.dividedBy(4));
  }

  public Duration effectiveDangerWindow() {
    return dangerWindow != null
        ? dangerWindow
        : min(Duration.ofHours(1), timestampRenewBefore.dividedBy(4));
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
