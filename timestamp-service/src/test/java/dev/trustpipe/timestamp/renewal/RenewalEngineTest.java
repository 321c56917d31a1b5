package dev.trustpipe.timestamp.renewal;

import static dev.trustpipe.timestamp.renewal.RenewalFixture.TIMESTAMP_LIFETIME;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trustpipe.contracts.ChangeCause;
import dev.trustpipe.contracts.TrustChanged;
import dev.trustpipe.signing.pipeline.TrustUpdater;
import dev.trustpipe.timestamp.renewal.RenewalResult.Renewed;
import dev.trustpipe.truststore.OutboxMessage;
import dev.trustpipe.truststore.StoredMetadata;
import dev.trustpipe.tuf.model.RoleName;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The renewal engine on real PostgreSQL, with repositories made by the real signing pipeline. */
class RenewalEngineTest {
  @TempDir Path keystore;
  RenewalFixture fx;
  TrustUpdater updater;

  @BeforeEach
  void setUp() throws Exception {
    fx = new RenewalFixture(keystore);
    updater = fx.updater(TIMESTAMP_LIFETIME);
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  @Test
  void renewsExactlyTheDueTimestampsAsNewVersionsThroughTheOutbox() throws Exception {
    List<String> old = fx.repositories(updater, "old", 3);
    fx.clock.advance(Duration.ofMinutes(20));
    List<String> fresh = fx.repositories(updater, "fresh", 2);
    // old timestamps expire in 40 min, fresh ones in 60: only the old are inside the 30 min window
    fx.clock.advance(Duration.ofMinutes(20));
    Map<String, StoredMetadata> before = currentTimestamps(old, fresh);
    long outboxBefore = fx.count("SELECT count(*) FROM tuf_outbox");

    RenewalResult result = fx.engine("replica-a", 100).runPass(Duration.ofMinutes(1));

    assertThat(result.failed()).isEmpty();
    assertThat(result.renewed())
        .extracting(Renewed::gun, Renewed::role)
        .containsExactlyInAnyOrderElementsOf(
            old.stream()
                .map(g -> org.assertj.core.groups.Tuple.tuple(g, RoleName.TIMESTAMP))
                .toList());
    for (String gun : old) {
      StoredMetadata renewed = fx.current(gun, RoleName.TIMESTAMP);
      assertThat(renewed.version()).isEqualTo(before.get(gun).version() + 1);
      assertThat(renewed.expires()).isEqualTo(fx.clock.instant().plus(TIMESTAMP_LIFETIME));
      // still vouches for the current snapshot
      assertThat(fx.snapshotReferencedBy(gun))
          .isEqualTo(fx.current(gun, RoleName.SNAPSHOT).sha256Hex());
    }
    for (String gun : fresh) {
      assertThat(fx.current(gun, RoleName.TIMESTAMP)).isEqualTo(before.get(gun));
    }
    List<TrustChanged> changes = trustChangesSince(outboxBefore);
    assertThat(changes).hasSize(3).allMatch(c -> c.cause() == ChangeCause.RENEWAL);
    assertThat(changes).extracting(TrustChanged::gun).containsExactlyInAnyOrderElementsOf(old);
    assertThat(
            fx.count("SELECT count(*) FROM tuf_change WHERE gun LIKE 'registry.example.com/old/%'"))
        .isEqualTo(3 * 3); // creation, push, renewal

    // nothing is due any more; the leases are gone
    assertThat(fx.engine("replica-b", 100).runPass(Duration.ofMinutes(1)).claimed()).isZero();
    assertThat(fx.count("SELECT count(*) FROM tuf_renewal_lease")).isZero();
  }

  @Test
  void aDueTargetsRoleIsRenewedWithTheSnapshotAndTimestampThatMustFollow() throws Exception {
    String gun = fx.repositories(updater, "targets", 1).get(0);
    // delegations live 1095 days, renewed within 30 days of expiry
    fx.clock.advance(Duration.ofDays(1095 - 29));
    StoredMetadata releases = fx.current(gun, RoleName.RELEASES);
    StoredMetadata targets = fx.current(gun, RoleName.TARGETS);
    StoredMetadata snapshot = fx.current(gun, RoleName.SNAPSHOT);
    StoredMetadata timestamp = fx.current(gun, RoleName.TIMESTAMP);

    RenewalResult result = fx.engine("replica-a", 10).runPass(Duration.ofMinutes(1));

    assertThat(result.failed()).isEmpty();
    // targets and targets/releases, each followed by its own snapshot + timestamp: gapless chains
    assertThat(fx.current(gun, RoleName.TARGETS).version()).isEqualTo(targets.version() + 1);
    assertThat(fx.current(gun, RoleName.RELEASES).version()).isEqualTo(releases.version() + 1);
    assertThat(fx.versions(gun, RoleName.SNAPSHOT))
        .endsWith(snapshot.version() + 1, snapshot.version() + 2);
    assertThat(fx.versions(gun, RoleName.TIMESTAMP))
        .endsWith(timestamp.version() + 1, timestamp.version() + 2);
    assertThat(fx.snapshotReferencedBy(gun))
        .isEqualTo(fx.current(gun, RoleName.SNAPSHOT).sha256Hex());
    assertThat(fx.current(gun, RoleName.RELEASES).bytes())
        .asString()
        .contains("\"targets\":{\"t"); // the pushed tag is still there
  }

  @Test
  void aCustodyOutageWritesNothingKeepsTheLastGoodMetadataAndBacksOff() throws Exception {
    List<String> guns = fx.repositories(updater, "outage", 3);
    fx.clock.advance(Duration.ofMinutes(40));
    Map<String, StoredMetadata> before = currentTimestamps(guns, List.of());
    long outboxBefore = fx.count("SELECT count(*) FROM tuf_outbox");
    RenewalEngine engine = fx.engine("replica-a", 100);

    fx.custody.down.set(true);
    RenewalResult failed = engine.runPass(Duration.ofMinutes(1));

    assertThat(failed.renewed()).isEmpty();
    assertThat(failed.failed()).hasSize(3).allSatisfy(f -> assertThat(f.failures()).isEqualTo(1));
    assertThat(failed.failed().get(0).error()).contains("custody unavailable");
    for (String gun : guns) {
      assertThat(fx.current(gun, RoleName.TIMESTAMP)).isEqualTo(before.get(gun));
      assertThat(fx.current(gun, RoleName.SNAPSHOT).version()).isEqualTo(2);
    }
    assertThat(fx.count("SELECT count(*) FROM tuf_outbox")).isEqualTo(outboxBefore);
    assertThat(fx.store.renewalFailures(10)).hasSize(3);

    // custody is back, but the repositories back off until their retry time
    fx.custody.down.set(false);
    assertThat(engine.runPass(Duration.ofMinutes(1)).claimed()).isZero();
    fx.clock.advance(Duration.ofSeconds(11));
    RenewalResult recovered = engine.runPass(Duration.ofMinutes(1));
    assertThat(recovered.renewed()).hasSize(3);
    assertThat(fx.store.renewalFailures(10)).isEmpty();
    for (String gun : guns) {
      assertThat(fx.current(gun, RoleName.TIMESTAMP).version())
          .isEqualTo(before.get(gun).version() + 1);
    }
  }

  @Test
  void aSigningWriteThatWinsTheRaceMakesTheRenewalReReadAndRetry() throws Exception {
    // pushes sign timestamps valid 10 min: inside the 30 min window, so still due after the push
    TrustUpdater shortLived = fx.updater(Duration.ofMinutes(10));
    String gun = fx.repositories(shortLived, "race", 1).get(0);
    String other = fx.repositories(shortLived, "calm", 1).get(0);
    RenewalEngine engine = fx.engine("replica-a", 10);
    AtomicBoolean raced = new AtomicBoolean();
    engine.beforeWrite(
        guns -> {
          if (raced.compareAndSet(false, true)) {
            try {
              fx.push(shortLived, gun); // the signing-service stores snapshot+timestamp first
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          }
        });
    int pushedTimestamp = fx.current(gun, RoleName.TIMESTAMP).version() + 1;

    RenewalResult result = engine.runPass(Duration.ofMinutes(1));

    assertThat(result.conflicts()).isEqualTo(1);
    assertThat(result.failed()).isEmpty();
    assertThat(result.renewed()).extracting(Renewed::gun).containsExactlyInAnyOrder(gun, other);
    // the renewal was re-signed on top of the push: gapless, and it vouches for the push's snapshot
    assertThat(fx.versions(gun, RoleName.TIMESTAMP))
        .containsExactly(1, 2, pushedTimestamp, pushedTimestamp + 1);
    assertThat(fx.snapshotReferencedBy(gun))
        .isEqualTo(fx.current(gun, RoleName.SNAPSHOT).sha256Hex());
    assertThat(fx.current(gun, RoleName.RELEASES).bytes()).asString().contains("\"t");
  }

  @Test
  void aForcedRenewalRenewsOneRepositoryAndRespectsAnotherReplicasLease() throws Exception {
    String gun = fx.repositories(updater, "forced", 1).get(0);
    int version = fx.current(gun, RoleName.TIMESTAMP).version();
    RenewalEngine a = fx.engine("replica-a", 10);

    RenewalEngine.Forced forced = a.renewNow(gun);
    assertThat(forced.outcome()).isEqualTo(RenewalEngine.ForcedOutcome.RENEWED);
    assertThat(forced.result().renewed())
        .extracting(Renewed::role, Renewed::version)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(RoleName.TIMESTAMP, version + 1));
    assertThat(a.renewNow("registry.example.com/none").outcome())
        .isEqualTo(RenewalEngine.ForcedOutcome.UNKNOWN_REPOSITORY);

    // replica b holds a lease on it: a's forced renewal must not sign it as well
    Boolean leased =
        fx.store.inTransaction(
            tx ->
                tx.leaseForRenewal(
                    gun, "replica-b", fx.clock.instant(), fx.clock.instant().plusSeconds(60)));
    assertThat(leased).isTrue();
    assertThat(a.renewNow(gun).outcome())
        .isEqualTo(RenewalEngine.ForcedOutcome.HELD_BY_ANOTHER_REPLICA);
  }

  private Map<String, StoredMetadata> currentTimestamps(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all.stream().collect(Collectors.toMap(g -> g, g -> fx.current(g, RoleName.TIMESTAMP)));
  }

  private List<TrustChanged> trustChangesSince(long skip) {
    List<OutboxMessage> messages = new ArrayList<>();
    fx.store.inTransaction(
        tx -> {
          messages.addAll(tx.claimUnpublished(10_000));
          return null;
        });
    return messages.stream()
        .skip(skip)
        .map(m -> fx.codec.decode(m.payload(), TrustChanged.class).data())
        .toList();
  }
}
