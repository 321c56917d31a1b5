package dev.trustpipe.audit.support;

import dev.trustpipe.contracts.ChangeCause;
import dev.trustpipe.contracts.CloudEvent;
import dev.trustpipe.contracts.EventRejected;
import dev.trustpipe.contracts.KeyRotated;
import dev.trustpipe.contracts.RejectionStage;
import dev.trustpipe.contracts.TrustChanged;
import java.time.Instant;
import java.util.List;

/** The events the audit-service consumes, as the signing pipeline produces them. */
public final class TrustEvents {
  public static final String SIGNING = "/trustpipe/signing-service";

  private TrustEvents() {}

  public static CloudEvent<TrustChanged> pushed(String gun, String tag, int version, int n) {
    TrustChanged data =
        new TrustChanged(
            gun,
            "targets/releases",
            version,
            String.format("%064x", 7_000_000 + n),
            Instant.parse("2029-01-01T00:00:00Z"),
            List.of(new TrustChanged.Target(tag, TestEntries.digest(n), 1234)),
            List.of(),
            List.of("ab".repeat(32)),
            ChangeCause.PUSH,
            List.of("registry-event-" + n));
    return CloudEvent.of(
        "trust-changed-" + n, SIGNING, Instant.parse("2026-11-23T10:00:00Z").plusSeconds(n), data);
  }

  public static CloudEvent<TrustChanged> renewed(String gun, int version, int n) {
    TrustChanged data =
        new TrustChanged(
            gun,
            "timestamp",
            version,
            String.format("%064x", 8_000_000 + n),
            Instant.parse("2026-12-07T00:00:00Z"),
            List.of(),
            List.of(),
            List.of("cd".repeat(32)),
            ChangeCause.RENEWAL,
            List.of());
    return CloudEvent.of(
        "renewed-" + n,
        "/trustpipe/timestamp-service",
        Instant.parse("2026-11-23T11:00:00Z").plusSeconds(n),
        data);
  }

  public static CloudEvent<KeyRotated> rotated(String gun, int n) {
    return CloudEvent.of(
        "rotated-" + n,
        "/trustpipe/signing-service",
        Instant.parse("2026-11-23T12:00:00Z").plusSeconds(n),
        new KeyRotated(
            gun, "targets/releases", "01".repeat(32), "02".repeat(32), "operator:alice"));
  }

  public static CloudEvent<EventRejected> rejected(String gun, int n) {
    return CloudEvent.of(
        "rejected-" + n,
        SIGNING,
        Instant.parse("2026-11-23T13:00:00Z").plusSeconds(n),
        EventRejected.of(
            "push-" + n, gun, "repository not onboarded", "{}".getBytes(), RejectionStage.POLICY));
  }
}
