package dev.trustpipe.truststore;

import static dev.trustpipe.truststore.Fixtures.FAR_FUTURE;
import static dev.trustpipe.truststore.Fixtures.T0;
import static dev.trustpipe.truststore.Fixtures.metadata;
import static dev.trustpipe.truststore.Fixtures.uniqueGun;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ConcurrentWritesTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.migrated();

  private final TrustStore store = new TrustStore(db.dataSource(), Clock.fixed(T0, ZoneOffset.UTC));
  private ExecutorService threads;

  @BeforeEach
  void startThreads() {
    threads = Executors.newFixedThreadPool(2);
  }

  @AfterEach
  void stopThreads() throws InterruptedException {
    threads.shutdownNow();
    assertThat(threads.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }

  /** Outcome of one writer: null when it committed, else what it threw. */
  private Future<Throwable> writer(NewMetadata file, CyclicBarrier start) {
    return threads.submit(
        () -> {
          start.await(10, TimeUnit.SECONDS);
          try {
            store.inTransaction(
                tx -> {
                  tx.insert(List.of(file));
                  return null;
                });
            return null;
          } catch (RuntimeException e) {
            return e;
          }
        });
  }

  @Test
  void twoWritersRacingForTheSameVersionExactlyOneWins() throws Exception {
    for (int round = 0; round < 10; round++) {
      String gun = uniqueGun("race");
      store.inTransaction(
          tx -> {
            tx.insert(List.of(metadata(gun, "targets", 1, FAR_FUTURE)));
            return null;
          });
      NewMetadata a = metadata(gun, "targets", 2, FAR_FUTURE, "a");
      NewMetadata b = metadata(gun, "targets", 2, FAR_FUTURE, "b");
      CyclicBarrier start = new CyclicBarrier(2);
      Future<Throwable> writerA = writer(a, start);
      Future<Throwable> writerB = writer(b, start);
      List<Throwable> outcomes = new ArrayList<>();
      outcomes.add(writerA.get(30, TimeUnit.SECONDS));
      outcomes.add(writerB.get(30, TimeUnit.SECONDS));

      assertThat(outcomes).containsOnlyOnce((Throwable) null);
      Throwable loss = outcomes.get(0) == null ? outcomes.get(1) : outcomes.get(0);
      assertThat(loss)
          .isInstanceOfSatisfying(
              VersionConflictException.class,
              e -> {
                assertThat(e.attemptedVersion()).isEqualTo(2);
                assertThat(e.currentVersion()).isEqualTo(2);
              });
      NewMetadata winner = outcomes.get(0) == null ? a : b;
      assertThat(store.current(gun, "targets").orElseThrow().bytes()).isEqualTo(winner.bytes());
    }
  }

  @Test
  void aWriterWaitsForTheRepositoryLockThenSeesTheCommittedVersion() throws Exception {
    String gun = uniqueGun("lock");
    CountDownLatch firstInserted = new CountDownLatch(1);
    CountDownLatch releaseFirst = new CountDownLatch(1);
    Future<?> first =
        threads.submit(
            () ->
                store.inTransaction(
                    tx -> {
                      tx.insert(List.of(metadata(gun, "timestamp", 1, FAR_FUTURE, "first")));
                      firstInserted.countDown();
                      return releaseFirst.await(30, TimeUnit.SECONDS);
                    }));
    assertThat(firstInserted.await(30, TimeUnit.SECONDS)).isTrue();

    Future<Throwable> second =
        writer(metadata(gun, "timestamp", 1, FAR_FUTURE, "second"), new CyclicBarrier(1));
    // the second writer is parked on the first one's repository lock, not failing early
    await().atMost(Duration.ofSeconds(10)).until(() -> db.sessionsWaitingForLock() == 1);
    assertThat(second).isNotDone();

    releaseFirst.countDown();
    first.get(30, TimeUnit.SECONDS);
    assertThat(second.get(30, TimeUnit.SECONDS))
        .isInstanceOfSatisfying(
            VersionConflictException.class, e -> assertThat(e.currentVersion()).isEqualTo(1));
  }

  @Test
  void aWriterThatSkipsTheRepositoryLockStillCannotCreateADuplicateVersion() throws Exception {
    String gun = uniqueGun("rogue");
    store.inTransaction(
        tx -> {
          tx.insert(List.of(metadata(gun, "targets", 1, FAR_FUTURE)));
          return null;
        });
    NewMetadata rogue = metadata(gun, "targets", 2, FAR_FUTURE, "rogue");
    try (Connection raw = db.connect()) {
      raw.setAutoCommit(false);
      try (PreparedStatement s =
          raw.prepareStatement(
              "INSERT INTO tuf_metadata (gun, role, version, sha256, bytes, length, expires,"
                  + " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
        s.setString(1, gun);
        s.setString(2, "targets");
        s.setInt(3, 2);
        s.setString(4, rogue.sha256Hex());
        s.setBytes(5, rogue.bytes());
        s.setInt(6, rogue.bytes().length);
        s.setTimestamp(7, Timestamp.from(FAR_FUTURE));
        s.setTimestamp(8, Timestamp.from(T0));
        s.executeUpdate();
      }
      Future<Throwable> honest =
          writer(metadata(gun, "targets", 2, FAR_FUTURE, "honest"), new CyclicBarrier(1));
      await().atMost(Duration.ofSeconds(10)).until(() -> db.sessionsWaitingForLock() == 1);
      raw.commit();

      assertThat(honest.get(30, TimeUnit.SECONDS))
          .isInstanceOfSatisfying(
              VersionConflictException.class,
              e -> {
                assertThat(e.attemptedVersion()).isEqualTo(2);
                assertThat(e.currentVersion()).isEqualTo(2);
              });
    }
    assertThat(store.byVersion(gun, "targets", 2).orElseThrow().bytes()).isEqualTo(rogue.bytes());
  }
}
