package dev.trustpipe.truststore;

import static dev.trustpipe.truststore.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class OutboxTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.migrated();

  private final Fixtures.MutableClock clock = new Fixtures.MutableClock(T0);
  private final TrustStore store = new TrustStore(db.dataSource(), clock);

  @BeforeEach
  void drainOutbox() {
    while (store.relayBatch(100, batch -> {}) > 0) {
      // earlier tests' leftovers
    }
    store.purgePublishedOutbox(Fixtures.FAR_FUTURE);
  }

  private List<Long> append(int count) {
    return store.inTransaction(
        tx -> {
          List<Long> ids = new ArrayList<>();
          for (int i = 0; i < count; i++) {
            ids.add(
                tx.appendOutbox(
                    OutboxMessage.of(
                        "trustpipe.trust.changes",
                        "gun-" + i,
                        ("payload-" + i).getBytes(StandardCharsets.UTF_8),
                        Map.of("ce_id", "event-" + i))));
          }
          return ids;
        });
  }

  @Test
  void anAppendedMessageComesBackAsWritten() {
    Map<String, String> headers =
        Map.of("ce_type", "dev.trustpipe.trust.changed.v1", "quote\"d", "ünï\\cøde \"x\"");
    byte[] payload = {0, 1, 2, (byte) 0xff};
    long id =
        store.inTransaction(
            tx ->
                tx.appendOutbox(
                    OutboxMessage.of("trustpipe.trust.changes", "g", payload, headers)));
    long keyless =
        store.inTransaction(
            tx ->
                tx.appendOutbox(
                    OutboxMessage.of("trustpipe.dead-letter", null, payload, Map.of())));

    List<OutboxMessage> relayed = new ArrayList<>();
    assertThat(store.relayBatch(10, relayed::addAll)).isEqualTo(2);

    assertThat(relayed)
        .containsExactly(
            new OutboxMessage(id, "trustpipe.trust.changes", "g", payload, headers, T0),
            new OutboxMessage(keyless, "trustpipe.dead-letter", null, payload, Map.of(), T0));
  }

  @Test
  void messagesArePublishedOnlyWhenThePublisherSucceeds() {
    List<Long> ids = append(3);
    IllegalStateException kafkaDown = new IllegalStateException("Kafka did not acknowledge");

    assertThatThrownBy(
            () ->
                store.relayBatch(
                    10,
                    batch -> {
                      throw kafkaDown;
                    }))
        .isSameAs(kafkaDown);

    List<OutboxMessage> published = new ArrayList<>();
    assertThat(store.relayBatch(10, published::addAll)).isEqualTo(3);
    assertThat(published).extracting(OutboxMessage::id).containsExactlyElementsOf(ids);

    List<OutboxMessage> again = new ArrayList<>();
    assertThat(store.relayBatch(10, again::addAll)).isZero();
    assertThat(again).isEmpty();
  }

  @Test
  void relaysTakeBatchesInIdOrder() {
    List<Long> ids = append(5);
    List<Long> firstBatch = new ArrayList<>();
    store.relayBatch(2, batch -> batch.forEach(m -> firstBatch.add(m.id())));
    List<Long> rest = new ArrayList<>();
    store.relayBatch(10, batch -> batch.forEach(m -> rest.add(m.id())));
    assertThat(firstBatch).containsExactlyElementsOf(ids.subList(0, 2));
    assertThat(rest).containsExactlyElementsOf(ids.subList(2, 5));
  }

  @Test
  void twoConcurrentRelaysNeverGetTheSameMessage() throws Exception {
    List<Long> ids = append(6);
    ExecutorService threads = Executors.newSingleThreadExecutor();
    try {
      List<Long> byFirst = Collections.synchronizedList(new ArrayList<>());
      CountDownLatch firstClaimed = new CountDownLatch(1);
      CountDownLatch releaseFirst = new CountDownLatch(1);
      Future<Integer> first =
          threads.submit(
              () ->
                  store.relayBatch(
                      3,
                      batch -> {
                        batch.forEach(m -> byFirst.add(m.id()));
                        firstClaimed.countDown();
                        // still publishing: its rows stay claimed
                        releaseFirst.await(30, TimeUnit.SECONDS);
                      }));
      assertThat(firstClaimed.await(30, TimeUnit.SECONDS)).isTrue();

      List<Long> bySecond = new ArrayList<>();
      int second = store.relayBatch(10, batch -> batch.forEach(m -> bySecond.add(m.id())));
      releaseFirst.countDown();

      assertThat(first.get(30, TimeUnit.SECONDS)).isEqualTo(3);
      assertThat(second).isEqualTo(3);
      assertThat(byFirst).doesNotContainAnyElementsOf(bySecond);
      List<Long> all = new ArrayList<>(byFirst);
      all.addAll(bySecond);
      assertThat(all).containsExactlyInAnyOrderElementsOf(ids);
      assertThat(store.relayBatch(10, batch -> {})).isZero();
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void aRolledBackTransactionLeavesNoMessage() {
    assertThatThrownBy(
            () ->
                store.inTransaction(
                    tx -> {
                      tx.appendOutbox(OutboxMessage.of("t", "k", new byte[] {1}, Map.of()));
                      throw new IllegalStateException("abort");
                    }))
        .hasMessage("abort");
    assertThat(store.relayBatch(10, batch -> {})).isZero();
  }

  @Test
  void publishedMessagesArePurgedOnceOldEnough() {
    append(2);
    store.relayBatch(10, batch -> {});
    clock.advance(Duration.ofDays(2));
    append(1);

    assertThat(store.purgePublishedOutbox(T0.plus(Duration.ofDays(1)))).isEqualTo(2);
    // the unpublished one is kept
    assertThat(store.relayBatch(10, batch -> {})).isEqualTo(1);
  }
}
