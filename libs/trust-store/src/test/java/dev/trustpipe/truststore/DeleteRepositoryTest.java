package dev.trustpipe.truststore;

import static dev.trustpipe.truststore.Fixtures.FAR_FUTURE;
import static dev.trustpipe.truststore.Fixtures.T0;
import static dev.trustpipe.truststore.Fixtures.metadata;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DeleteRepositoryTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.migrated();

  private final TrustStore store = new TrustStore(db.dataSource(), Clock.fixed(T0, ZoneOffset.UTC));

  private void publish(String gun, int version) {
    store.inTransaction(
        tx -> {
          tx.insert(
              List.of(
                  metadata(gun, "root", version, FAR_FUTURE),
                  metadata(gun, "targets", version, FAR_FUTURE),
                  metadata(gun, "timestamp", version, T0.plus(Duration.ofHours(1)))));
          return null;
        });
  }

  private boolean delete(String gun) {
    return store.inTransaction(tx -> tx.deleteRepository(gun));
  }

  @Test
  void deletesExactlyThatGunNotTheGunsItIsAPrefixOf() {
    String base = "registry.example.com/" + UUID.randomUUID().toString().substring(0, 8);
    String deleted = base + "/a/b";
    String longer = base + "/a/bc";
    String nested = base + "/a/b/c";
    publish(deleted, 1);
    publish(deleted, 2);
    publish(longer, 1);
    publish(nested, 1);
    String deletedRootChecksum = store.current(deleted, "root").orElseThrow().sha256Hex();

    assertThat(delete(deleted)).isTrue();

    assertThat(store.currentAll(deleted)).isEmpty();
    assertThat(store.current(deleted, "timestamp")).isEmpty();
    assertThat(store.byVersion(deleted, "root", 1)).isEmpty();
    assertThat(store.byChecksum(deleted, "root", deletedRootChecksum)).isEmpty();
    assertThat(store.expiringBefore("timestamp", FAR_FUTURE, 100))
        .extracting(ExpiringMetadata::gun)
        .doesNotContain(deleted)
        .contains(longer, nested);
    assertThat(store.currentAll(longer)).containsOnlyKeys("root", "targets", "timestamp");
    assertThat(store.currentAll(nested)).containsOnlyKeys("root", "targets", "timestamp");
  }

  @Test
  void writesOneDeletionChangeAndNoneWhenThereWasNothingToDelete() {
    String gun = "registry.example.com/" + UUID.randomUUID();
    publish(gun, 1);

    assertThat(delete(gun)).isTrue();
    assertThat(delete(gun)).isFalse();

    assertThat(store.changes(Optional.of(gun), 0, 10))
        .singleElement()
        .satisfies(
            change -> {
              assertThat(change.category()).isEqualTo(ChangeRecord.DELETION);
              assertThat(change.version()).isZero();
              assertThat(change.sha256()).isEmpty();
              assertThat(change.createdAt()).isEqualTo(T0);
            });
  }

  @Test
  void keyReferencesSurviveAndTheRepositoryCanStartAgainAtVersionOne() {
    String gun = "registry.example.com/" + UUID.randomUUID();
    KeyRecord timestampKey =
        KeyRecord.unsaved(gun, "timestamp", "k1", "ecdsa", "MFkw", "local", "tp-" + gun, 1);
    store.inTransaction(
        tx -> {
          tx.saveKey(timestampKey);
          return null;
        });
    publish(gun, 3);

    store.inTransaction(tx -> tx.deleteRepository(gun));
    publish(gun, 1);

    assertThat(store.key(gun, "timestamp"))
        .hasValueSatisfying(k -> assertThat(k.sameKeyAs(timestampKey)).isTrue());
    assertThat(store.current(gun, "root").orElseThrow().version()).isEqualTo(1);
  }
}
