package dev.trustpipe.truststore;

import static dev.trustpipe.truststore.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class KeyRecordTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.migrated();

  private final Fixtures.MutableClock clock = new Fixtures.MutableClock(T0);
  private final TrustStore store = new TrustStore(db.dataSource(), clock);

  private void save(KeyRecord key) {
    store.inTransaction(
        tx -> {
          tx.saveKey(key);
          return null;
        });
  }

  private static KeyRecord key(String gun, String keyId, String publicKey, int custodyVersion) {
    return KeyRecord.unsaved(
        gun, "timestamp", keyId, "ecdsa", publicKey, "vault", "trustpipe-ts", custodyVersion);
  }

  @Test
  void theNewestSavedKeyOfARoleIsItsKeyAndOlderOnesStayListed() {
    String gun = "registry.example.com/" + UUID.randomUUID();
    KeyRecord first = key(gun, "aaa", "MFkwFirst", 1);
    KeyRecord rotated = key(gun, "0bb", "MFkwSecond", 2);
    save(first);
    clock.advance(Duration.ofDays(1));
    save(rotated);

    assertThat(store.key(gun, "timestamp"))
        .contains(rotated.withCreatedAt(T0.plus(Duration.ofDays(1))));
    assertThat(store.keys(gun, "timestamp"))
        .containsExactly(
            first.withCreatedAt(T0), rotated.withCreatedAt(T0.plus(Duration.ofDays(1))));
    assertThat(store.key(gun, "timestamp", "aaa")).contains(first.withCreatedAt(T0));
    assertThat(store.key(gun, "snapshot")).isEmpty();
    Optional<KeyRecord> readInTransaction = store.inTransaction(tx -> tx.key(gun, "timestamp"));
    assertThat(readInTransaction).contains(rotated.withCreatedAt(T0.plus(Duration.ofDays(1))));
  }

  @Test
  void savingTheSameKeyAgainIsANoOpButAnotherKeyUnderItsIdIsRefused() {
    String gun = "registry.example.com/" + UUID.randomUUID();
    save(key(gun, "k", "MFkwSame", 1));
    clock.advance(Duration.ofHours(1));
    save(key(gun, "k", "MFkwSame", 1));

    assertThat(store.keys(gun, "timestamp"))
        .singleElement()
        .satisfies(k -> assertThat(k.createdAt()).isEqualTo(T0));
    assertThatThrownBy(() -> save(key(gun, "k", "MFkwSame", 2)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("custody reference");
  }
}
