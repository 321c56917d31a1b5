package dev.trustpipe.truststore;

import static dev.trustpipe.truststore.Fixtures.FAR_FUTURE;
import static dev.trustpipe.truststore.Fixtures.T0;
import static dev.trustpipe.truststore.Fixtures.metadata;
import static dev.trustpipe.truststore.Fixtures.uniqueGun;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TransactionTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.migrated();

  private final TrustStore store = new TrustStore(db.dataSource(), Clock.fixed(T0, ZoneOffset.UTC));

  private static String eventId() {
    return UUID.randomUUID().toString();
  }

  private boolean markInOwnTransaction(String eventId) {
    return store.inTransaction(tx -> tx.markProcessed(eventId));
  }

  @Test
  void anEventIsProcessedOnce() {
    String id = eventId();
    assertThat(store.isProcessed(id)).isFalse();
    assertThat(markInOwnTransaction(id)).isTrue();
    assertThat(store.isProcessed(id)).isTrue();
    assertThat(markInOwnTransaction(id)).isFalse();
    List<Boolean> twiceInOne =
        store.inTransaction(tx -> List.of(tx.markProcessed(id), tx.markProcessed(id)));
    assertThat(twiceInOne).containsExactly(false, false);
  }

  @Test
  void aBatchOfEventIdsReportsOnlyTheNewOnes() {
    String old = eventId();
    String fresh = eventId();
    store.inTransaction(tx -> tx.markProcessed(old));

    Set<String> marked = store.inTransaction(tx -> tx.markProcessed(List.of(old, fresh, fresh)));

    assertThat(marked).containsExactly(fresh);
    assertThat(store.isProcessed(fresh)).isTrue();
    Set<String> none = store.inTransaction(tx -> tx.markProcessed(List.of()));
    assertThat(none).isEmpty();
  }

  @Test
  void aFailedTransactionForgetsTheProcessedMarkAndPropagatesTheSameException() {
    String id = eventId();
    String gun = uniqueGun("rollback");
    IllegalStateException failure = new IllegalStateException("signing failed");

    assertThatThrownBy(
            () ->
                store.inTransaction(
                    tx -> {
                      tx.markProcessed(id);
                      tx.insert(List.of(metadata(gun, "timestamp", 1, FAR_FUTURE)));
                      throw failure;
                    }))
        .isSameAs(failure);

    assertThat(store.isProcessed(id)).isFalse();
    assertThat(store.current(gun, "timestamp")).isEmpty();
  }

  static final class CustodyUnavailable extends Exception {
    CustodyUnavailable() {
      super("custody unavailable");
    }
  }

  @Test
  void aCheckedExceptionOfTheWorkPropagatesUnchanged() {
    CustodyUnavailable failure = new CustodyUnavailable();
    String id = eventId();
    assertThatThrownBy(
            () ->
                store.inTransaction(
                    tx -> {
                      tx.markProcessed(id);
                      throw failure;
                    }))
        .isSameAs(failure);
    assertThat(store.isProcessed(id)).isFalse();
  }

  @Test
  void theTransactionCannotBeUsedAfterItEnded() {
    AtomicReference<TrustStoreTransaction> leaked = new AtomicReference<>();
    store.inTransaction(
        tx -> {
          leaked.set(tx);
          return null;
        });
    assertThatThrownBy(() -> leaked.get().markProcessed(eventId()))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aDatabaseErrorIsReportedWithItsSqlState() {
    // PostgreSQL text cannot hold NUL: the server refuses the value
    assertThatThrownBy(() -> store.inTransaction(tx -> tx.markProcessed("nul\u0000id")))
        .isInstanceOfSatisfying(
            TrustStoreException.class,
            e -> {
              assertThat(e.sqlState()).isNotBlank();
              assertThat(e.isTransient()).isFalse();
              assertThat(e).hasMessageStartingWith("mark event processed: ");
            });
  }

  @Test
  void twoConsumersOfTheSameEventApplyItOnce() throws Exception {
    String id = eventId();
    ExecutorService threads = Executors.newSingleThreadExecutor();
    try {
      CountDownLatch firstMarked = new CountDownLatch(1);
      CountDownLatch releaseFirst = new CountDownLatch(1);
      Future<Boolean> first =
          threads.submit(
              () ->
                  store.inTransaction(
                      tx -> {
                        boolean marked = tx.markProcessed(id);
                        firstMarked.countDown();
                        releaseFirst.await(30, TimeUnit.SECONDS);
                        return marked;
                      }));
      assertThat(firstMarked.await(30, TimeUnit.SECONDS)).isTrue();
      AtomicReference<Boolean> second = new AtomicReference<>();
      Thread secondConsumer =
          new Thread(() -> second.set(store.inTransaction(tx -> tx.markProcessed(id))));
      secondConsumer.start();
      await().atMost(Duration.ofSeconds(10)).until(() -> db.sessionsWaitingForLock() == 1);
      releaseFirst.countDown();
      secondConsumer.join(30_000);

      assertThat(first.get(30, TimeUnit.SECONDS)).isTrue();
      assertThat(second.get()).isFalse();
    } finally {
      threads.shutdownNow();
    }
  }
}
