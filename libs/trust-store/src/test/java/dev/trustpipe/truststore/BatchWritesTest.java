package dev.trustpipe.truststore;

import static dev.trustpipe.truststore.Fixtures.T0;
import static dev.trustpipe.truststore.Fixtures.metadata;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The batch forms the timestamp-service writes a whole renewal batch with. */
class BatchWritesTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.migrated();

  private final Fixtures.MutableClock clock = new Fixtures.MutableClock(T0);
  private final TrustStore store = new TrustStore(db.dataSource(), clock);

  @BeforeEach
  void drainOutbox() {
    while (store.relayBatch(100, batch -> {}) > 0) {
      // earlier tests' leftovers
    }
  }

  @Test
  void manyRepositoriesAreLockedCreatedAndWrittenInOneCall() {
    String a = Fixtures.uniqueGun("batch-a");
    String b = Fixtures.uniqueGun("batch-b");
    store.inTransaction(
        tx -> {
          tx.insert(List.of(metadata(a, "timestamp", 1, T0.plus(Duration.ofDays(1)))));
          return null;
        });

    store.inTransaction(
        tx -> {
          tx.lockRepositories(List.of(b, a)); // a exists, b is created
          tx.insert(
              List.of(
                  metadata(a, "timestamp", 2, T0.plus(Duration.ofDays(2))),
                  metadata(b, "timestamp", 1, T0.plus(Duration.ofDays(2)))));
          return null;
        });

    assertThat(store.current(a, "timestamp")).map(StoredMetadata::version).contains(2);
    assertThat(store.current(b, "timestamp")).map(StoredMetadata::version).contains(1);
  }

  @Test
  void aStaleVersionOfAnyRepositoryInTheBatchWritesNothing() {
    String a = Fixtures.uniqueGun("stale-a");
    String b = Fixtures.uniqueGun("stale-b");
    store.inTransaction(
        tx -> {
          tx.insert(
              List.of(
                  metadata(a, "timestamp", 3, T0.plus(Duration.ofDays(1))),
                  metadata(b, "timestamp", 1, T0.plus(Duration.ofDays(1)))));
          return null;
        });

    assertThatThrownBy(
            () ->
                store.inTransaction(
                    tx -> {
                      tx.insert(
                          List.of(
                              metadata(a, "timestamp", 3, T0.plus(Duration.ofDays(2))),
                              metadata(b, "timestamp", 2, T0.plus(Duration.ofDays(2)))));
                      return null;
                    }))
        .isInstanceOf(VersionConflictException.class)
        .hasMessageContaining(a);
    assertThat(store.current(b, "timestamp")).map(StoredMetadata::version).contains(1);
  }

  @Test
  void outboxMessagesAndChangesOfABatchKeepTheirOrder() {
    String gun = Fixtures.uniqueGun("batch-outbox");
    List<OutboxMessage> messages = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      messages.add(
          OutboxMessage.of(
              "trustpipe.trust.changes",
              gun,
              ("m" + i).getBytes(StandardCharsets.UTF_8),
              Map.of("content-type", "application/cloudevents+json", "n", "" + i)));
    }
    List<Long> ids = store.inTransaction(tx -> tx.appendOutbox(messages));
    store.inTransaction(
        tx -> {
          tx.recordChanges(
              List.of(
                  new TrustStoreTransaction.NewChange(gun, 7, "a".repeat(64), "update"),
                  new TrustStoreTransaction.NewChange(gun, 8, "b".repeat(64), "update")));
          return null;
        });

    assertThat(ids).hasSize(5).isSorted().doesNotHaveDuplicates();
    List<OutboxMessage> relayed = new ArrayList<>();
    store.relayBatch(100, relayed::addAll);
    assertThat(relayed)
        .filteredOn(m -> gun.equals(m.key()))
        .extracting(m -> new String(m.payload(), StandardCharsets.UTF_8), m -> m.headers().get("n"))
        .containsExactly(
            tuple("m0", "0"),
            tuple("m1", "1"),
            tuple("m2", "2"),
            tuple("m3", "3"),
            tuple("m4", "4"));
    assertThat(relayed)
        .filteredOn(m -> gun.equals(m.key()))
        .extracting(OutboxMessage::id)
        .containsExactlyElementsOf(ids);
    assertThat(store.changes(Optional.of(gun), 0, 10))
        .extracting(ChangeRecord::version, ChangeRecord::sha256)
        .containsExactly(tuple(7, "a".repeat(64)), tuple(8, "b".repeat(64)));
  }

  @Test
  void emptyBatchesWriteNothing() {
    List<Long> none = store.inTransaction(tx -> tx.appendOutbox(List.<OutboxMessage>of()));
    assertThat(none).isEmpty();
    store.inTransaction(
        tx -> {
          tx.recordChanges(List.of());
          tx.lockRepositories(List.of());
          return null;
        });
  }
}
