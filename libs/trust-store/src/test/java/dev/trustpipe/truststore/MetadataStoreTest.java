package dev.trustpipe.truststore;

import static dev.trustpipe.truststore.Fixtures.FAR_FUTURE;
import static dev.trustpipe.truststore.Fixtures.T0;
import static dev.trustpipe.truststore.Fixtures.metadata;
import static dev.trustpipe.truststore.Fixtures.uniqueGun;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class MetadataStoreTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.migrated();

  private final Fixtures.MutableClock clock = new Fixtures.MutableClock(T0);
  private TrustStore store;

  @BeforeEach
  void setUp() {
    store = new TrustStore(db.dataSource(), clock);
  }

  private void insert(NewMetadata... files) {
    store.inTransaction(
        tx -> {
          tx.insert(List.of(files));
          return null;
        });
  }

  @Test
  void storesExactBytesAddressableByCurrentVersionAndChecksum() throws IOException {
    String gun = uniqueGun("read");
    NewMetadata root = metadata(gun, "root", 1, FAR_FUTURE);
    NewMetadata targets = metadata(gun, "targets", 2, FAR_FUTURE);
    NewMetadata snapshot = metadata(gun, "snapshot", 2, FAR_FUTURE);
    NewMetadata timestamp = metadata(gun, "timestamp", 1, T0.plus(Duration.ofDays(14)));
    insert(root, targets, snapshot, timestamp);

    StoredMetadata current = store.current(gun, "timestamp").orElseThrow();
    assertThat(current.bytes()).isEqualTo(timestamp.bytes());
    assertThat(current.version()).isEqualTo(1);
    assertThat(current.sha256Hex()).isEqualTo(timestamp.sha256Hex());
    assertThat(current.expires()).isEqualTo(timestamp.expires());
    assertThat(current.createdAt()).isEqualTo(T0);
    assertThat(current.length()).isEqualTo(timestamp.bytes().length);
    ByteArrayOutputStream served = new ByteArrayOutputStream();
    current.writeTo(served);
    assertThat(served.toByteArray()).isEqualTo(timestamp.bytes());

    assertThat(store.byVersion(gun, "root", 1)).hasValueSatisfying(m -> assertSame(m, root));
    assertThat(store.byVersion(gun, "root", 2)).isEmpty();
    assertThat(store.byChecksum(gun, "snapshot", snapshot.sha256Hex()))
        .hasValueSatisfying(m -> assertSame(m, snapshot));
    assertThat(store.currentAll(gun)).containsOnlyKeys("root", "targets", "snapshot", "timestamp");
    assertSame(store.currentAll(gun).get("targets"), targets);
  }

  @Test
  void checksumLookupsMatchOnlyTheLowerCaseChecksumOfThatRoleAndGun() {
    String gun = uniqueGun("checksum");
    NewMetadata root = metadata(gun, "root", 1, FAR_FUTURE);
    insert(root);

    assertThat(store.byChecksum(gun, "root", root.sha256Hex())).isPresent();
    assertThat(store.byChecksum(gun, "root", root.sha256Hex().toUpperCase())).isEmpty();
    assertThat(store.byChecksum(gun, "targets", root.sha256Hex())).isEmpty();
    assertThat(store.byChecksum(gun + "x", "root", root.sha256Hex())).isEmpty();
    assertThat(store.byChecksum(gun, "root", "not-hex")).isEmpty();
  }

  @Test
  void unknownGunOrRoleReadsAsEmpty() {
    String gun = uniqueGun("unknown");
    assertThat(store.current(gun, "timestamp")).isEmpty();
    assertThat(store.currentAll(gun)).isEmpty();
    assertThat(store.byVersion(gun, "timestamp", 1)).isEmpty();
  }

  @Test
  void currentIsTheHighestVersionAndOlderVersionsStayAddressable() {
    String gun = uniqueGun("versions");
    NewMetadata v1 = metadata(gun, "timestamp", 1, FAR_FUTURE);
    insert(v1);
    clock.advance(Duration.ofMinutes(5));
    NewMetadata v2 = metadata(gun, "timestamp", 2, FAR_FUTURE.plusSeconds(1));
    insert(v2);

    assertSame(store.current(gun, "timestamp").orElseThrow(), v2);
    assertThat(store.current(gun, "timestamp").orElseThrow().createdAt())
        .isEqualTo(T0.plus(Duration.ofMinutes(5)));
    assertSame(store.byVersion(gun, "timestamp", 1).orElseThrow(), v1);
    assertSame(store.byChecksum(gun, "timestamp", v1.sha256Hex()).orElseThrow(), v1);
    assertSame(store.currentAll(gun).get("timestamp"), v2);
  }

  @Test
  void versionsMayJumpAhead() {
    String gun = uniqueGun("jump");
    insert(metadata(gun, "targets", 2, FAR_FUTURE));
    insert(metadata(gun, "targets", 7, FAR_FUTURE));
    assertThat(store.current(gun, "targets").orElseThrow().version()).isEqualTo(7);
  }

  @Test
  void anEqualVersionIsRejected() {
    String gun = uniqueGun("equal");
    NewMetadata first = metadata(gun, "targets", 2, FAR_FUTURE, "first");
    insert(first);

    assertThatThrownBy(() -> insert(metadata(gun, "targets", 2, FAR_FUTURE, "second")))
        .isInstanceOfSatisfying(
            VersionConflictException.class,
            e -> {
              assertThat(e.gun()).isEqualTo(gun);
              assertThat(e.role()).isEqualTo("targets");
              assertThat(e.attemptedVersion()).isEqualTo(2);
              assertThat(e.currentVersion()).isEqualTo(2);
            });
    assertSame(store.current(gun, "targets").orElseThrow(), first);
  }

  @Test
  void aLowerVersionIsRejectedEvenWhenThatVersionWasNeverStored() {
    String gun = uniqueGun("lower");
    insert(metadata(gun, "targets", 5, FAR_FUTURE));

    assertThatThrownBy(() -> insert(metadata(gun, "targets", 3, FAR_FUTURE)))
        .isInstanceOfSatisfying(
            VersionConflictException.class,
            e -> {
              assertThat(e.attemptedVersion()).isEqualTo(3);
              assertThat(e.currentVersion()).isEqualTo(5);
            });
    assertThat(store.byVersion(gun, "targets", 3)).isEmpty();
  }

  @Test
  void aConflictInOneFileOfAMultiFileInsertWritesNothingOfTheTransaction() {
    String gun = uniqueGun("atomic");
    insert(
        metadata(gun, "targets", 2, FAR_FUTURE),
        metadata(gun, "snapshot", 2, FAR_FUTURE),
        metadata(gun, "timestamp", 1, FAR_FUTURE));
    String eventId = "event-" + gun;

    NewMetadata newTargets = metadata(gun, "targets", 3, FAR_FUTURE);
    NewMetadata staleSnapshot = metadata(gun, "snapshot", 2, FAR_FUTURE, "stale");
    NewMetadata newTimestamp = metadata(gun, "timestamp", 2, FAR_FUTURE);
    assertThatThrownBy(
            () ->
                store.inTransaction(
                    tx -> {
                      tx.markProcessed(eventId);
                      tx.recordChange(gun, 2, newTimestamp.sha256Hex(), ChangeRecord.UPDATE);
                      tx.appendOutbox(OutboxMessage.of("topic", gun, new byte[] {1}, Map.of()));
                      tx.insert(List.of(newTargets, staleSnapshot, newTimestamp));
                      return null;
                    }))
        .isInstanceOf(VersionConflictException.class);

    assertThat(store.current(gun, "targets").orElseThrow().version()).isEqualTo(2);
    assertThat(store.current(gun, "timestamp").orElseThrow().version()).isEqualTo(1);
    assertThat(store.byChecksum(gun, "targets", newTargets.sha256Hex())).isEmpty();
    assertThat(store.isProcessed(eventId)).isFalse();
    assertThat(store.changes(Optional.of(gun), 0, 10)).isEmpty();
  }

  @Test
  void oneInsertMaySpanSeveralRepositories() {
    String first = uniqueGun("multi");
    String second = uniqueGun("multi");
    insert(
        metadata(second, "timestamp", 1, FAR_FUTURE), metadata(first, "timestamp", 1, FAR_FUTURE));
    assertThat(store.current(first, "timestamp")).isPresent();
    assertThat(store.current(second, "timestamp")).isPresent();
  }

  @Test
  void twoVersionsOfOneRoleInOneInsertAreRefused() {
    String gun = uniqueGun("twice");
    assertThatThrownBy(
            () ->
                insert(
                    metadata(gun, "timestamp", 1, FAR_FUTURE),
                    metadata(gun, "timestamp", 2, FAR_FUTURE)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(store.current(gun, "timestamp")).isEmpty();
  }

  @Test
  void newMetadataMustCarryTheChecksumOfItsBytes() {
    byte[] bytes = "{}".getBytes(StandardCharsets.UTF_8);
    String otherChecksum = Fixtures.sha256("other");
    assertThatThrownBy(() -> new NewMetadata("g", "root", 1, otherChecksum, bytes, FAR_FUTURE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not the SHA-256");
    String upper = Sha256.hex(bytes).toUpperCase();
    assertThatThrownBy(() -> new NewMetadata("g", "root", 1, upper, bytes, FAR_FUTURE))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void expiringBeforeListsOnlyCurrentVersionsThatAreDueEarliestFirst() {
    Instant threshold = T0.plus(Duration.ofDays(1));
    String renewed = uniqueGun("renewed");
    String due = uniqueGun("due");
    String dueSooner = uniqueGun("sooner");
    String otherRole = uniqueGun("other");
    // renewed: its old version was due, its current one is not
    insert(metadata(renewed, "timestamp", 1, T0.plus(Duration.ofHours(1))));
    insert(metadata(renewed, "timestamp", 2, T0.plus(Duration.ofDays(14))));
    insert(metadata(due, "timestamp", 3, T0.plus(Duration.ofHours(2))));
    insert(metadata(dueSooner, "timestamp", 1, T0.plus(Duration.ofMinutes(30))));
    insert(metadata(otherRole, "snapshot", 1, T0.plus(Duration.ofHours(1))));

    assertThat(store.expiringBefore("timestamp", threshold, 10))
        .containsExactly(
            new ExpiringMetadata(dueSooner, "timestamp", 1, T0.plus(Duration.ofMinutes(30))),
            new ExpiringMetadata(due, "timestamp", 3, T0.plus(Duration.ofHours(2))));
    assertThat(store.expiringBefore("timestamp", threshold, 1))
        .extracting(ExpiringMetadata::gun)
        .containsExactly(dueSooner);
    assertThat(store.expiringBefore("snapshot", threshold, 10))
        .extracting(ExpiringMetadata::gun)
        .containsExactly(otherRole);

    // replicas claim disjoint repositories: the second claim skips the one the first holds
    List<List<ExpiringMetadata>> claims =
        store.inTransaction(
            first -> {
              List<ExpiringMetadata> firstClaim = first.claimExpiring("timestamp", threshold, 1);
              List<ExpiringMetadata> secondClaim =
                  store.inTransaction(second -> second.claimExpiring("timestamp", threshold, 10));
              return List.of(firstClaim, secondClaim);
            });
    assertThat(claims.get(0)).extracting(ExpiringMetadata::gun).containsExactly(dueSooner);
    assertThat(claims.get(1)).extracting(ExpiringMetadata::gun).containsExactly(due);
  }

  private static void assertSame(StoredMetadata stored, NewMetadata written) {
    assertThat(stored.gun()).isEqualTo(written.gun());
    assertThat(stored.role()).isEqualTo(written.role());
    assertThat(stored.version()).isEqualTo(written.version());
    assertThat(stored.sha256Hex()).isEqualTo(written.sha256Hex());
    assertThat(stored.bytes()).isEqualTo(written.bytes());
    assertThat(stored.expires()).isEqualTo(written.expires());
  }
}
