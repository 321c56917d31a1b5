package dev.trustpipe.timestamp.renewal;

import static dev.trustpipe.timestamp.renewal.RenewalFixture.TIMESTAMP_LIFETIME;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trustpipe.signing.pipeline.TrustUpdater;
import dev.trustpipe.timestamp.renewal.RenewalResult.Renewed;
import dev.trustpipe.tuf.model.RoleName;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two renewers (replicas) and the signing pipeline on one database, round after round: no
 * repository is signed by both in a round, none is missed, and every timestamp chain is gapless.
 */
class ConcurrentRenewersTest {
  private static final int REPOSITORIES = 24;
  private static final int ROUNDS = 5;

  @TempDir Path keystore;
  RenewalFixture fx;

  @BeforeEach
  void setUp() throws Exception {
    fx = new RenewalFixture(keystore);
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  @Test
  void twoReplicasAndConcurrentPushesNeverDoubleSignNorLeaveGaps() throws Exception {
    TrustUpdater updater = fx.updater(TIMESTAMP_LIFETIME);
    List<String> guns = fx.repositories(updater, "shared", REPOSITORIES);
    RenewalEngine a = fx.engine("replica-a", 5);
    RenewalEngine b = fx.engine("replica-b", 5);
    Random random = new Random(6);

    for (int round = 0; round < ROUNDS; round++) {
      // every timestamp is now inside its renewal window
      fx.clock.advance(Duration.ofMinutes(40));
      List<String> pushed =
          IntStream.range(0, 4).mapToObj(i -> guns.get(random.nextInt(REPOSITORIES))).toList();
      CyclicBarrier start = new CyclicBarrier(3);
      CompletableFuture<RenewalResult> byA = CompletableFuture.supplyAsync(() -> run(start, a));
      CompletableFuture<RenewalResult> byB = CompletableFuture.supplyAsync(() -> run(start, b));
      CompletableFuture<Void> pushes =
          CompletableFuture.runAsync(
              () -> {
                await(start);
                for (String gun : pushed) {
                  try {
                    fx.push(updater, gun);
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                }
              });
      RenewalResult resultA = byA.get(60, TimeUnit.SECONDS);
      RenewalResult resultB = byB.get(60, TimeUnit.SECONDS);
      pushes.get(60, TimeUnit.SECONDS);

      assertThat(resultA.failed()).isEmpty();
      assertThat(resultB.failed()).isEmpty();
      Set<String> renewedByA = timestampGuns(resultA);
      Set<String> renewedByB = timestampGuns(resultB);
      // one replica may claim the whole batch: an empty side is a legal outcome, overlap is not
      Set<String> renewedByBoth = new HashSet<>(renewedByA);
      renewedByBoth.retainAll(renewedByB);
      assertThat(renewedByBoth).as("round %d: signed by both replicas", round).isEmpty();
      Set<String> covered = new HashSet<>(renewedByA);
      covered.addAll(renewedByB);
      covered.addAll(pushed);
      assertThat(covered)
          .as("round %d: every due repository renewed or pushed", round)
          .containsAll(guns);
      for (String gun : guns) {
        // nothing is left expiring inside the window
        assertThat(fx.current(gun, RoleName.TIMESTAMP).expires())
            .isAfter(fx.clock.instant().plus(RenewalFixture.TIMESTAMP_WINDOW));
      }
    }

    for (String gun : guns) {
      List<Integer> versions = fx.versions(gun, RoleName.TIMESTAMP);
      assertThat(versions)
          .as("timestamp chain of %s", gun)
          .isEqualTo(IntStream.rangeClosed(1, versions.size()).boxed().toList());
      List<Integer> snapshots = fx.versions(gun, RoleName.SNAPSHOT);
      assertThat(snapshots).isEqualTo(IntStream.rangeClosed(1, snapshots.size()).boxed().toList());
      assertThat(fx.snapshotReferencedBy(gun))
          .isEqualTo(fx.current(gun, RoleName.SNAPSHOT).sha256Hex());
    }
    assertThat(fx.count("SELECT count(*) FROM tuf_renewal_lease")).isZero();
  }

  private static RenewalResult run(CyclicBarrier start, RenewalEngine engine) {
    await(start);
    return engine.runPass(Duration.ofMinutes(1));
  }

  private static Set<String> timestampGuns(RenewalResult result) {
    List<String> guns = new ArrayList<>();
    result.renewed().stream()
        .filter(r -> r.role().equals(RoleName.TIMESTAMP))
        .map(Renewed::gun)
        .forEach(guns::add);
    Set<String> distinct = new HashSet<>(guns);
    assertThat(distinct).as("a replica renewed a repository twice in one pass").hasSameSizeAs(guns);
    return distinct;
  }

  private static void await(CyclicBarrier barrier) {
    try {
      barrier.await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
