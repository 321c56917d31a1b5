package dev.trustpipe.audit.store;

import static dev.trustpipe.audit.support.TestEntries.T0;
import static dev.trustpipe.audit.support.TestEntries.pushes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trustpipe.audit.checkpoint.CheckpointSigner;
import dev.trustpipe.audit.support.AuditDatabase;
import dev.trustpipe.custody.KeyAlgorithm;
import dev.trustpipe.custody.local.LocalKeystoreCustody;
import dev.trustpipe.translog.Checkpoint;
import dev.trustpipe.translog.ExportVerifier;
import dev.trustpipe.translog.SignedNote;
import dev.trustpipe.translog.VerificationReport;
import java.io.BufferedReader;
import java.io.StringReader;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A superuser rewrites rows behind the service (triggers disabled for the session): {@code verify}
 * names the first bad sequence, and an export taken afterwards, verified offline against the
 * checkpoint signed before, names the same one.
 */
class TamperDetectionTest {
  @TempDir Path keys;
  private AuditDatabase db;
  private AuditStore store;
  private CheckpointSigner signer;
  private SignedNote checkpoint;

  @BeforeEach
  void logAndCheckpoint() throws Exception {
    db = new AuditDatabase();
    store = db.store(Clock.fixed(T0, ZoneOffset.UTC));
    store.append(pushes(1, 30, 3));
    LocalKeystoreCustody custody =
        new LocalKeystoreCustody(keys, "test-passphrase".toCharArray(), Clock.systemUTC(), 10_000);
    signer =
        new CheckpointSigner("test.example/audit", custody.create("audit", KeyAlgorithm.ED25519));
    checkpoint = SignedNote.parse(store.checkpointIfGrown(signer::sign).orElseThrow().note());
    assertThat(Checkpoint.parse(checkpoint.text()).size()).isEqualTo(30);
    assertThat(checkpoint.verifiedBy(signer.noteKey())).isTrue();
    assertThat(verifyInDatabase().ok()).isTrue();
    assertThat(verifyExport().ok()).isTrue();
  }

  @AfterEach
  void drop() {
    db.close();
  }

  @Test
  void aChangedRowIsReportedAtItsSequence() throws Exception {
    db.tamper(
        "UPDATE audit.audit_entry SET digest = 'sha256:"
            + "0".repeat(64)
            + "' WHERE sequence = 17");
    assertBadAt(17);
  }

  @Test
  void aChangedRowWithARecomputedHashBreaksTheNextLink() throws Exception {
    {
      var stored = store.get(9).orElseThrow();
      var forged = stored.entry().at(9, stored.entry().prevHash());
      // same entry but another GUN, and its hash recomputed so the row is self-consistent
      var evil =
          new dev.trustpipe.translog.AuditEntry(
              9,
              forged.time(),
              forged.eventId(),
              forged.eventType(),
              forged.action(),
              "registry.example/evil",
              forged.actor(),
              forged.source(),
              forged.role(),
              forged.version(),
              forged.metadataSha256(),
              forged.tag(),
              forged.digest(),
              forged.targets(),
              forged.keyIds(),
              forged.causeEventIds(),
              forged.detail(),
              forged.prevHash());
      db.tamper(
          "UPDATE audit.audit_entry SET gun = 'registry.example/evil', entry_hash = '"
              + evil.entryHash()
              + "' WHERE sequence = 9");
    }
    assertBadAt(10);
  }

  @Test
  void aDeletedRowIsReportedAtTheGap() throws Exception {
    db.tamper("DELETE FROM audit.audit_entry WHERE sequence = 12");
    assertBadAt(12);
  }

  @Test
  void reorderedRowsAreReportedAtTheFirstMovedOne() throws Exception {
    db.tamper(
        "UPDATE audit.audit_entry SET sequence = 1000005 WHERE sequence = 5",
        "UPDATE audit.audit_entry SET sequence = 5 WHERE sequence = 6",
        "UPDATE audit.audit_entry SET sequence = 6 WHERE sequence = 1000005");
    assertBadAt(5);
  }

  @Test
  void deletedTailEntriesAreReportedAfterTheLastOneLeft() throws Exception {
    db.tamper("DELETE FROM audit.audit_entry WHERE sequence > 25");
    assertBadAt(26);
  }

  private void assertBadAt(long sequence) throws Exception {
    VerificationReport online = verifyInDatabase();
    assertThat(online.ok()).isFalse();
    assertThat(online.firstBadSequence()).as(online.reason()).isEqualTo(sequence);
    VerificationReport offline = verifyExport();
    assertThat(offline.ok()).isFalse();
    assertThat(offline.firstBadSequence()).as(offline.reason()).isEqualTo(sequence);
  }

  private VerificationReport verifyInDatabase() {
    Checkpoint body = Checkpoint.parse(checkpoint.text());
    return store.verify(Map.of(body.size(), body.rootHash()));
  }

  private VerificationReport verifyExport() {
    StringBuilder export = new StringBuilder();
    store.export(EntryFilter.ALL, e -> export.append(e.json()).append('\n'));
    return ExportVerifier.verify(
        new BufferedReader(new StringReader(export.toString())), checkpoint, signer.noteKey());
  }
}
