package dev.trustpipe.audit.store;

import static dev.trustpipe.audit.support.TestEntries.T0;
import static dev.trustpipe.audit.support.TestEntries.digest;
import static dev.trustpipe.audit.support.TestEntries.pushes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustpipe.audit.support.AuditDatabase;
import dev.trustpipe.translog.AuditEntry;
import dev.trustpipe.translog.Hashes;
import dev.trustpipe.translog.InMemoryTree;
import dev.trustpipe.translog.InvalidProofException;
import dev.trustpipe.translog.MerkleTree;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The store on real PostgreSQL: append, idempotency, queries, proofs, append-only enforcement. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditStoreTest {
  private AuditDatabase db;
  private AuditStore store;

  @BeforeAll
  void start() {
    db = new AuditDatabase();
    store = db.store(Clock.fixed(T0, ZoneOffset.UTC));
    store.append(pushes(1, 40, 4));
  }

  @AfterAll
  void stop() {
    db.close();
  }

  @Test
  void entriesGetConsecutiveSequencesAndEachNamesThePreviousHash() {
    String prev = AuditEntry.GENESIS;
    for (long seq = 1; seq <= 40; seq++) {
      StoredEntry stored = store.get(seq).orElseThrow();
      assertThat(stored.entry().prevHash()).isEqualTo(prev);
      assertThat(stored.storedEntryHash()).isEqualTo(stored.entry().entryHash());
      prev = stored.storedEntryHash();
    }
    assertThat(store.size()).isEqualTo(40);
  }

  @Test
  void replayingTheSameEventsChangesNothing() {
    String before = Hashes.hex(store.rootHash(40));
    assertThat(store.append(pushes(1, 40, 4))).isEmpty();
    assertThat(store.append(pushes(5, 5, 4))).isEmpty();
    assertThat(store.size()).isEqualTo(40);
    assertThat(Hashes.hex(store.rootHash(40))).isEqualTo(before);
  }

  @Test
  void filtersMatchAndPagesAreNewestFirst() {
    EntryFilter byGun =
        new EntryFilter("registry.example/team/app1", null, null, null, null, null, null);
    List<StoredEntry> first = store.query(byGun, 4, null);
    assertThat(first).extracting(e -> e.entry().sequence()).containsExactly(37L, 33L, 29L, 25L);
    List<StoredEntry> next = store.query(byGun, 4, 25L);
    assertThat(next).extracting(e -> e.entry().sequence()).containsExactly(21L, 17L, 13L, 9L);

    assertThat(
            store.query(new EntryFilter(null, null, digest(12), null, null, null, null), 10, null))
        .extracting(e -> e.entry().sequence())
        .containsExactly(12L);
    assertThat(store.query(new EntryFilter(null, "v7", null, null, null, null, null), 10, null))
        .extracting(e -> e.entry().sequence())
        .containsExactly(7L);
    assertThat(
            store.query(new EntryFilter(null, "v7", digest(8), null, null, null, null), 10, null))
        .isEmpty();
    assertThat(
            store.query(
                new EntryFilter(
                    null, null, null, null, null, T0.plusSeconds(10), T0.plusSeconds(13)),
                10,
                null))
        .extracting(e -> e.entry().sequence())
        .containsExactly(12L, 11L, 10L);
    assertThat(
            store.query(
                new EntryFilter(null, null, null, "/trustpipe/signing-service", "push", null, null),
                1000,
                null))
        .hasSize(40);
    assertThat(
            store.query(new EntryFilter(null, null, null, null, "renewal", null, null), 10, null))
        .isEmpty();
  }

  @Test
  void proofsFromTheStoredTreeEqualThoseOfTheEntriesAndVerify() {
    InMemoryTree reference = new InMemoryTree();
    for (long seq = 1; seq <= 40; seq++) {
      reference.appendLeafHash(store.get(seq).orElseThrow().entry().leafHash());
    }
    for (long size : List.of(1L, 7L, 16L, 33L, 40L)) {
      assertThat(store.rootHash(size)).isEqualTo(reference.root(size));
      for (long index = 0; index < size; index += 5) {
        List<byte[]> proof = store.inclusionProof(index, size);
        assertThat(proof).containsExactlyElementsOf(reference.inclusionProof(index, size));
        MerkleTree.verifyInclusion(
            index, size, reference.perfect(0, index), proof, store.rootHash(size));
      }
    }
    List<byte[]> consistency = store.consistencyProof(13, 40);
    MerkleTree.verifyConsistency(13, 40, consistency, store.rootHash(13), store.rootHash(40));
    List<byte[]> tampered = new ArrayList<>(consistency);
    byte[] changed = tampered.get(0).clone();
    changed[5] ^= 0x20;
    tampered.set(0, changed);
    assertThatThrownBy(
            () ->
                MerkleTree.verifyConsistency(
                    13, 40, tampered, store.rootHash(13), store.rootHash(40)))
        .isInstanceOf(InvalidProofException.class);
  }

  @Test
  void theIntactLogVerifies() {
    var report = store.verify(Map.of(40L, store.rootHash(40)));
    assertThat(report.ok()).isTrue();
    assertThat(report.entries()).isEqualTo(40);
    assertThat(report.checkpointSize()).isEqualTo(40);
  }

  @Test
  void theServiceRoleCannotUpdateOrDelete() throws SQLException {
    try (Connection c = db.writer().getConnection();
        Statement s = c.createStatement()) {
      assertThatThrownBy(
              () -> s.execute("UPDATE audit.audit_entry SET gun = 'x' WHERE sequence = 1"))
          .hasMessageContaining("permission denied");
      assertThatThrownBy(() -> s.execute("DELETE FROM audit.audit_entry WHERE sequence = 1"))
          .hasMessageContaining("permission denied");
      assertThatThrownBy(() -> s.execute("TRUNCATE audit.audit_tree_node"))
          .hasMessageContaining("permission denied");
    }
  }

  @Test
  void triggersRefuseUpdateDeleteAndTruncateEvenForASuperuser() throws SQLException {
    try (Connection c = db.superuser();
        Statement s = c.createStatement()) {
      for (String sql :
          List.of(
              "UPDATE audit.audit_entry SET gun = 'x' WHERE sequence = 1",
              "DELETE FROM audit.audit_entry WHERE sequence = 2",
              "TRUNCATE audit.audit_entry CASCADE",
              "UPDATE audit.audit_tree_node SET hash = hash WHERE level = 0 AND idx = 0",
              "DELETE FROM audit.audit_tree_node WHERE level = 0 AND idx = 3",
              "TRUNCATE audit.audit_checkpoint")) {
        assertThatThrownBy(() -> s.execute(sql)).as(sql).hasMessageContaining("append-only");
      }
    }
    assertThat(store.size()).isEqualTo(40);
    assertThat(store.get(1).orElseThrow().entry().gun()).isEqualTo("registry.example/team/app1");
  }
}
