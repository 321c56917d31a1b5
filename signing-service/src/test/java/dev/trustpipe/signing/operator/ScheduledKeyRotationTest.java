package dev.trustpipe.signing.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.trustpipe.contracts.DecodedEvent;
import dev.trustpipe.contracts.EventCodec;
import dev.trustpipe.contracts.KeyRotated;
import dev.trustpipe.custody.KeyAlgorithm;
import dev.trustpipe.custody.local.LocalKeystoreCustody;
import dev.trustpipe.signing.keys.KeyRotation;
import dev.trustpipe.signing.keys.RepositoryKeyring;
import dev.trustpipe.signing.pipeline.TagEvent;
import dev.trustpipe.signing.pipeline.TrustUpdater;
import dev.trustpipe.signing.store.TrustChangeWriter;
import dev.trustpipe.signing.support.MutableClock;
import dev.trustpipe.signing.support.TestPostgres;
import dev.trustpipe.truststore.OutboxMessage;
import dev.trustpipe.truststore.TrustStore;
import dev.trustpipe.truststore.TrustStoreMigrations;
import dev.trustpipe.tuf.model.RoleName;
import dev.trustpipe.tuf.model.SignedMetadata;
import dev.trustpipe.tuf.repo.CurrentMetadata;
import dev.trustpipe.tuf.repo.ExpiryPolicy;
import dev.trustpipe.tuf.repo.ManagedRepository;
import dev.trustpipe.tuf.verify.RepositoryVerifier;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rotation and its scheduled policy on the real trust store (PostgreSQL) with the local
 * keystore: what rotates when, what is written with it, and that the result verifies from the root
 * a client trusted before.
 */
class ScheduledKeyRotationTest {
  private static final List<String> GUNS =
      List.of("registry.example.com/team/one", "registry.example.com/team/two");
  private static final EventCodec CODEC = new EventCodec();

  @TempDir Path keystore;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
  private TestPostgres database;
  private HikariDataSource dataSource;
  private TrustStore store;
  private KeyRotation rotation;
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  @BeforeEach
  void setUp() throws Exception {
    database = TestPostgres.create("rotation");
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(database.jdbcUrl());
    config.setUsername(database.user());
    dataSource = new HikariDataSource(config);
    TrustStoreMigrations.migrate(dataSource);
    store = new TrustStore(dataSource, clock);
    ExpiryPolicy policy = ExpiryPolicy.defaults(clock);
    RepositoryKeyring keyring =
        new RepositoryKeyring(
            new LocalKeystoreCustody(keystore, "passphrase-for-tests".toCharArray(), clock, 10_000),
            KeyAlgorithm.ECDSA_P256);
    ManagedRepository repository = new ManagedRepository();
    TrustUpdater updater =
        new TrustUpdater(store, keyring, repository, CODEC, policy, RoleName.RELEASES, 5);
    for (String gun : GUNS) {
      updater.apply(gun, List.of(new TagEvent.SignTag("push-" + gun, "v1", new byte[32], 100)));
    }
    rotation =
        new KeyRotation(store, keyring, repository, new TrustChangeWriter(CODEC, clock), policy, 5);
  }

  @AfterEach
  void tearDown() {
    dataSource.close();
    database.close();
  }

  private ScheduledKeyRotation policy(Duration maxAge) {
    return new ScheduledKeyRotation(
        store,
        rotation,
        List.of(RoleName.TIMESTAMP, RoleName.SNAPSHOT),
        maxAge,
        100,
        clock,
        meters);
  }

  @Test
  void onlineKeysOlderThanTheMaxAgeRotateOnceAndTheRestStays() throws Exception {
    ScheduledKeyRotation policy = policy(Duration.ofDays(90));
    List<SignedMetadata> rootsBefore = new ArrayList<>();
    for (String gun : GUNS) {
      rootsBefore.add(current(gun).require(RoleName.ROOT));
    }
    String rootKeyBefore = store.key(GUNS.get(0), RoleName.ROOT).orElseThrow().keyId();
    String timestampKeyBefore = store.key(GUNS.get(0), RoleName.TIMESTAMP).orElseThrow().keyId();

    clock.advance(Duration.ofDays(89));
    assertThat(policy.runOnce()).as("no key is 90 days old yet").isZero();

    clock.advance(Duration.ofDays(2));
    assertThat(policy.runOnce()).isEqualTo(4); // timestamp and snapshot of both repositories
    assertThat(policy.runOnce()).as("the new keys are young").isZero();

    for (int i = 0; i < GUNS.size(); i++) {
      String gun = GUNS.get(i);
      CurrentMetadata current = current(gun);
      // two rotations that changed root: v1 -> v3, each signed by the (unchanged) root key
      assertThat(current.require(RoleName.ROOT).version()).isEqualTo(3);
      List<SignedMetadata> chain = new ArrayList<>();
      chain.add(rootsBefore.get(i));
      chain.add(
          SignedMetadata.parse(
              RoleName.ROOT, store.byVersion(gun, RoleName.ROOT, 2).orElseThrow().bytes()));
      new RepositoryVerifier(clock).verify(chain, current);
      assertThat(store.keys(gun, RoleName.TIMESTAMP)).hasSize(2);
      assertThat(store.keys(gun, RoleName.SNAPSHOT)).hasSize(2);
      assertThat(store.keys(gun, RoleName.TARGETS)).hasSize(1);
    }
    assertThat(store.key(GUNS.get(0), RoleName.ROOT).orElseThrow().keyId())
        .isEqualTo(rootKeyBefore);
    assertThat(store.key(GUNS.get(0), RoleName.TIMESTAMP).orElseThrow().keyId())
        .isNotEqualTo(timestampKeyBefore);

    List<KeyRotated> events = keyRotatedEvents();
    assertThat(events).hasSize(4);
    assertThat(events).extracting(KeyRotated::actor).containsOnly(ScheduledKeyRotation.ACTOR);
    assertThat(events)
        .filteredOn(e -> e.gun().equals(GUNS.get(0)) && e.role().equals(RoleName.TIMESTAMP))
        .singleElement()
        .satisfies(e -> assertThat(e.oldKeyId()).isEqualTo(timestampKeyBefore));
    assertThat(
            meters
                .counter("trustpipe_key_rotations", "role", "timestamp", "trigger", "schedule")
                .count())
        .isEqualTo(2.0);
  }

  @Test
  void aRotationOfAnUnknownRepositoryOrRoleChangesNothing() {
    assertThatThrownBy(() -> rotation.rotate("registry.example.com/none", RoleName.ROOT, "op"))
        .isInstanceOf(KeyRotation.UnknownRepositoryException.class);
    assertThatThrownBy(() -> rotation.rotate(GUNS.get(0), "targets/other", "op"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(keyRotatedEvents()).isEmpty();
    assertThat(store.current(GUNS.get(0), RoleName.ROOT).orElseThrow().version()).isEqualTo(1);
  }

  private CurrentMetadata current(String gun) {
    return CurrentMetadata.of(
        store.currentAll(gun).values().stream()
            .map(m -> SignedMetadata.parse(m.role(), m.bytes()))
            .toList());
  }

  private List<KeyRotated> keyRotatedEvents() {
    List<KeyRotated> events = new ArrayList<>();
    List<OutboxMessage> all = store.inTransaction(tx -> tx.claimUnpublished(10_000));
    for (OutboxMessage message : all) {
      if (CODEC.decode(message.payload()) instanceof DecodedEvent.KeyRotatedEvent e) {
        events.add(e.event().data());
      }
    }
    return events;
  }

  @SuppressWarnings("unused")
  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}
