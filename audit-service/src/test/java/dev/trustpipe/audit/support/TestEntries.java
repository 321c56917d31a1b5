package dev.trustpipe.audit.support;

import dev.trustpipe.translog.AuditEntry;
import dev.trustpipe.translog.AuditEntry.Change;
import dev.trustpipe.translog.AuditEntry.TargetChange;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Draft entries as the mapper produces them, for store-level tests. */
public final class TestEntries {
  public static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

  private TestEntries() {}

  public static String digest(int i) {
    return "sha256:" + String.format("%064x", i);
  }

  /** Push {@code i}: GUN {@code registry.example/team/app<i % guns>}, tag {@code v<i>}. */
  public static AuditEntry push(int i, int guns) {
    return new AuditEntry(
        1,
        T0.plusSeconds(i),
        "trust-changed-" + i,
        "dev.trustpipe.trust.changed.v1",
        "push",
        "registry.example/team/app" + (i % guns),
        "/trustpipe/signing-service",
        "/trustpipe/signing-service",
        "targets/releases",
        i,
        String.format("%064x", 1_000_000 + i),
        "v" + i,
        digest(i),
        List.of(new TargetChange("v" + i, digest(i), Change.added)),
        List.of("ab".repeat(32)),
        List.of("push-event-" + i),
        null,
        AuditEntry.GENESIS);
  }

  public static List<AuditEntry> pushes(int from, int to, int guns) {
    List<AuditEntry> out = new ArrayList<>();
    for (int i = from; i <= to; i++) {
      out.add(push(i, guns));
    }
    return out;
  }
}
