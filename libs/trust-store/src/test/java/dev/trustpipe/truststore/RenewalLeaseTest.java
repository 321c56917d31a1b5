package dev.trustpipe.truststore;

import static dev.trustpipe.truststore.Fixtures.T0;
import static dev.trustpipe.truststore.Fixtures.metadata;
import static dev.trustpipe.truststore.Fixtures.uniqueGun;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The renewal claims of the timestamp-service: leases, skip-locked sharing and backoff. */
class RenewalLeaseTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.migrated();

  private static final Duration LEASE = Duration.ofSeconds(30);
  private TrustStore store;
  private String role;

  @BeforeEach
  void setUp() {
    store = new TrustStore(db.dataSource(), Clock.fixed(T0, ZoneOffset.UTC));
    // a role name of this test only, so other tests' rows never count
    role = "timestamp-" + uniqueGun("r").substring(uniqueGun("r").length() - 8);
  }

  private String repository(String label, Instant expires, boolean withKey) {
    String gun = uniqueGun(label);
    store.inTransaction(
        tx -> {
          tx.insert(List.of(metadata(gun, role, 1, expires)));
          if (withKey) {
            tx.saveKey(KeyRecord.unsaved(gun, role, "k-" + gun, "ecdsa", "pub", "local", "n", 1));
          }
          return null;
        });
    return gun;
  }

  private List<ExpiringMetadata> claim(
      Instant threshold, int limit, String holder, Instant now, Instant until) {
    return store.inTransaction(
        tx -> tx.claimForRenewal(role, threshold, limit, holder, now, until));
  }

  private RenewalFailure defer(
      String gun, String holder, Instant now, Duration first, Duration max, String error) {
    return store.inTransaction(tx -> tx.deferRenewal(gun, holder, now, first, max, error));
  }

  private static boolean awaitQuietly(CountDownLatch latch) {
    try {
      return latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private boolean lease(String gun, String holder, Instant now, Instant until) {
    Boolean leased = store.inTransaction(tx -> tx.leaseForRenewal(gun, holder, now, until));
    return leased;
  }

  @Test
  void claimsOnlyDueRolesWithAKeyEarliestFirstAndLeasesThem() {
    String late = repository("late", T0.plus(Duration.ofHours(2)), true);
    String early = repository("early", T0.plus(Duration.ofHours(1)), true);
    repository("fresh", T0.plus(Duration.ofDays(30)), true);
    repository("keyless", T0.plus(Duration.ofMinutes(5)), false);

    List<ExpiringMetadata> claimed =
        claim(T0.plus(Duration.ofDays(1)), 10, "replica-a", T0, T0.plus(LEASE));
    assertThat(claimed).extracting(ExpiringMetadata::gun).containsExactly(early, late);

    // leased: neither another replica nor the same one claims them again before the lease ends
    assertThat(claim(T0.plus(Duration.ofDays(1)), 10, "replica-b", T0, T0.plus(LEASE))).isEmpty();
    // after the lease ran out (the holder died), another replica takes them over
    Instant later = T0.plus(LEASE).plusSeconds(1);
    assertThat(claim(T0.plus(Duration.ofDays(1)), 10, "replica-b", later, later.plus(LEASE)))
        .extracting(ExpiringMetadata::gun)
        .containsExactly(early, late);
  }

  @Test
  void releasedRepositoriesAreClaimableAgainAndFailuresBackOffExponentially() {
    String gun = repository("backoff", T0.plus(Duration.ofMinutes(1)), true);
    Instant threshold = T0.plus(Duration.ofDays(1));
    assertThat(claim(threshold, 10, "a", T0, T0.plus(LEASE))).hasSize(1);
    store.inTransaction(
        tx -> {
          tx.releaseRenewal(List.of(gun), "a");
          return null;
        });
    assertThat(claim(threshold, 10, "b", T0, T0.plus(LEASE))).hasSize(1);

    Duration first = Duration.ofSeconds(2);
    Duration max = Duration.ofSeconds(10);
    RenewalFailure one = defer(gun, "b", T0, first, max, "custody down");
    RenewalFailure two = defer(gun, "b", T0, first, max, "custody down");
    RenewalFailure three = defer(gun, "b", T0, first, max, "custody down");
    RenewalFailure four = defer(gun, "b", T0, first, max, "still down");
    assertThat(List.of(one, two, three, four))
        .extracting(RenewalFailure::failures)
        .containsExactly(1, 2, 3, 4);
    assertThat(one.retryAt()).isEqualTo(T0.plusSeconds(2));
    assertThat(two.retryAt()).isEqualTo(T0.plusSeconds(4));
    assertThat(three.retryAt()).isEqualTo(T0.plusSeconds(8));
    assertThat(four.retryAt()).isEqualTo(T0.plusSeconds(10));
    assertThat(store.renewalFailures(100))
        .filteredOn(f -> f.gun().equals(gun))
        .singleElement()
        .satisfies(f -> assertThat(f.lastError()).isEqualTo("still down"));

    // backing off: not claimed before retryAt, claimed after it
    Instant before = T0.plusSeconds(9);
    assertThat(claim(threshold, 10, "c", before, before.plus(LEASE))).isEmpty();
    Instant after = T0.plusSeconds(11);
    assertThat(claim(threshold, 10, "c", after, after.plus(LEASE))).hasSize(1);
    // a stored renewal clears the failure count
    store.inTransaction(
        tx -> {
          tx.releaseRenewal(List.of(gun), "c");
          return null;
        });
    assertThat(store.renewalFailures(100)).noneMatch(f -> f.gun().equals(gun));
  }

  @Test
  void aForcedLeaseRespectsAnotherHoldersLiveLease() {
    String gun = repository("forced", T0.plus(Duration.ofDays(300)), true);
    assertThat(lease(gun, "a", T0, T0.plus(LEASE))).isTrue();
    assertThat(lease(gun, "b", T0, T0.plus(LEASE))).isFalse();
    assertThat(lease(gun, "a", T0, T0.plus(LEASE))).isTrue();
    assertThat(lease("registry.example.com/unknown", "a", T0, T0)).isFalse();
  }

  @Test
  void concurrentClaimersSplitTheDueRepositoriesWithoutWaiting() throws Exception {
    for (int i = 0; i < 6; i++) {
      repository("split" + i, T0.plus(Duration.ofMinutes(i + 1)), true);
    }
    Instant threshold = T0.plus(Duration.ofDays(1));
    CountDownLatch firstClaimed = new CountDownLatch(1);
    CountDownLatch secondDone = new CountDownLatch(1);
    CompletableFuture<List<ExpiringMetadata>> first =
        CompletableFuture.supplyAsync(
            () ->
                store.inTransaction(
                    tx -> {
                      List<ExpiringMetadata> mine =
                          tx.claimForRenewal(role, threshold, 3, "a", T0, T0.plus(LEASE));
                      firstClaimed.countDown();
                      // hold the repository locks until the other replica has claimed
                      assertThat(awaitQuietly(secondDone)).isTrue();
                      return mine;
                    }));
    assertThat(firstClaimed.await(10, TimeUnit.SECONDS)).isTrue();
    List<ExpiringMetadata> second = claim(threshold, 10, "b", T0, T0.plus(LEASE));
    secondDone.countDown();
    List<ExpiringMetadata> firstClaims = first.get(10, TimeUnit.SECONDS);
    assertThat(firstClaims).hasSize(3);
    assertThat(second).hasSize(3);
    assertThat(second)
        .extracting(ExpiringMetadata::gun)
        .doesNotContainAnyElementsOf(firstClaims.stream().map(ExpiringMetadata::gun).toList());
  }

  @Test
  void bulkReadsReturnEveryRoleAndNewestKeyPerGun() {
    String a = repository("bulk-a", T0.plus(Duration.ofDays(2)), true);
    String b = repository("bulk-b", T0.plus(Duration.ofDays(3)), true);
    assertThat(store.currentAll(List.of(a, b, "registry.example.com/none")))
        .containsOnlyKeys(a, b)
        .allSatisfy((gun, byRole) -> assertThat(byRole).containsOnlyKeys(role));
    assertThat(store.newestKeys(List.of(a, b)).get(a).get(role).keyId()).isEqualTo("k-" + a);
    assertThat(store.countExpiringBefore(role, T0.plus(Duration.ofDays(10)))).isEqualTo(2);
    assertThat(store.earliestExpiring(role)).get().extracting(ExpiringMetadata::gun).isEqualTo(a);
  }
}
