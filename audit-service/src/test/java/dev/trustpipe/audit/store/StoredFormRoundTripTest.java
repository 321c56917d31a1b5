package dev.trustpipe.audit.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trustpipe.audit.support.AuditDatabase;
import dev.trustpipe.translog.AuditEntry;
import dev.trustpipe.translog.AuditEntry.Change;
import dev.trustpipe.translog.AuditEntry.TargetChange;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every field survives PostgreSQL unchanged, so the hash recomputed from the columns is the hash
 * computed at append time: removed targets without a digest, several targets, no optional fields,
 * odd characters, nanosecond times (kept to the microsecond).
 */
class StoredFormRoundTripTest {

  @Test
  void entriesReadBackHashToWhatWasAppended() {
    try (AuditDatabase db = new AuditDatabase()) {
      AuditStore store = db.store(Clock.systemUTC());
      AuditEntry several =
          new AuditEntry(
              1,
              Instant.parse("2026-11-23T10:00:00.123456789Z"),
              "several",
              "dev.trustpipe.trust.changed.v1",
              "delete",
              "registry.example/a",
              "/trustpipe/signing-service",
              "/trustpipe/signing-service",
              "targets/releases",
              3,
              "ab".repeat(32),
              "v1",
              "sha256:" + "cd".repeat(32),
              List.of(
                  new TargetChange("v1", "sha256:" + "cd".repeat(32), Change.added),
                  new TargetChange("old \"tag\"\n\u00e9", null, Change.removed)),
              List.of("01".repeat(32), "02".repeat(32)),
              List.of("e1", "e2"),
              null,
              AuditEntry.GENESIS);
      AuditEntry bare =
          new AuditEntry(
              1,
              Instant.EPOCH,
              "bare",
              "dev.trustpipe.audit.undecodable",
              "undecodable",
              null,
              null,
              "trustpipe.trust.changes/0/7",
              null,
              null,
              null,
              null,
              null,
              null,
              null,
              null,
              "not JSON: \u0001\\",
              AuditEntry.GENESIS);
      List<StoredEntry> appended = store.append(List.of(several, bare));
      assertThat(appended).hasSize(2);
      for (StoredEntry written : appended) {
        StoredEntry read = store.get(written.entry().sequence()).orElseThrow();
        assertThat(read.entry()).isEqualTo(written.entry());
        assertThat(read.entry().entryHash()).isEqualTo(written.storedEntryHash());
      }
      assertThat(store.verify(Map.of(2L, store.rootHash(2))).ok()).isTrue();
    }
  }
}
