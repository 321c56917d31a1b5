package dev.trustpipe.signing.e2e;

import static dev.trustpipe.signing.support.RegistryEvents.CODEC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.trustpipe.contracts.Topics;
import dev.trustpipe.signing.support.EmbeddedKafka;
import dev.trustpipe.signing.support.NotaryCli;
import dev.trustpipe.signing.support.NotaryHttp;
import dev.trustpipe.signing.support.RegistryEvents;
import dev.trustpipe.signing.support.SigningServiceRunner;
import dev.trustpipe.signing.support.TestPostgres;
import dev.trustpipe.tuf.model.MetaFile;
import dev.trustpipe.tuf.model.RoleName;
import dev.trustpipe.tuf.model.SignedMetadata;
import dev.trustpipe.tuf.repo.CurrentMetadata;
import dev.trustpipe.tuf.verify.RepositoryVerifier;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a client reads is always a consistent, verifiable set, and never an expired timestamp. The
 * service runs with a 3-second timestamp lifetime so that expiry happens within the test.
 */
class ServedMetadataConsistencyTest {
  private static final Duration TIMESTAMP_LIFETIME = Duration.ofSeconds(3);

  @TempDir static Path home;
  static EmbeddedKafka kafka;
  static TestPostgres database;
  static SigningServiceRunner service;
  static NotaryHttp http;

  @BeforeAll
  static void start() throws Exception {
    kafka = new EmbeddedKafka(3);
    database = TestPostgres.create("signing_consistency");
    service =
        SigningServiceRunner.start(
            kafka,
            database,
            home,
            Map.of("trustpipe.signing.timestamp-expiry", TIMESTAMP_LIFETIME.toString()));
    http = new NotaryHttp(service.notaryUrl(), home.resolve("tls/ca.crt"));
  }

  @AfterAll
  static void stop() {
    if (service != null) {
      service.close();
    }
    if (kafka != null) {
      kafka.close();
    }
    if (database != null) {
      database.close();
    }
  }

  @Test
  void anExpiredTimestampIsReSignedOnReadAndTheRealClientAcceptsIt() throws Exception {
    String gun = "registry.example.com/consistency/expiring";
    kafka.send(
        Topics.REGISTRY_EVENTS,
        gun,
        CODEC.encode(RegistryEvents.push(gun, "v1", "a", 10, "exp-1")));
    await().atMost(1, TimeUnit.MINUTES).until(() -> http.tuf(gun, "timestamp.json").isPresent());
    SignedMetadata first = timestamp(gun);

    // no write happens meanwhile: only the read path can produce a fresh timestamp
    await().atMost(30, TimeUnit.SECONDS).until(() -> Instant.now().isAfter(first.expires()));
    SignedMetadata renewed = timestamp(gun);

    assertThat(renewed.version()).isGreaterThan(first.version());
    assertThat(renewed.expires()).isAfter(Instant.now());
    assertThat(renewed.timestamp().snapshot()).isEqualTo(first.timestamp().snapshot());
    NotaryCli notary = new NotaryCli(service.notaryUrl(), home.resolve("tls/ca.crt"));
    assertThat(notary.list(gun)).extracting(NotaryCli.ListedTarget::name).containsExactly("v1");
  }

  @Test
  void aClientReadingWhilePushesStreamInAlwaysGetsAConsistentSet() throws Exception {
    String gun = "registry.example.com/consistency/streaming";
    kafka.send(
        Topics.REGISTRY_EVENTS, gun, CODEC.encode(RegistryEvents.push(gun, "t0", "0", 10, "s-0")));
    await().atMost(1, TimeUnit.MINUTES).until(() -> http.tuf(gun, "timestamp.json").isPresent());

    AtomicBoolean streaming = new AtomicBoolean(true);
    CompletableFuture<Void> pushes =
        CompletableFuture.runAsync(
            () -> {
              for (int i = 1; i <= 150; i++) {
                kafka.send(
                    Topics.REGISTRY_EVENTS,
                    gun,
                    CODEC.encode(RegistryEvents.push(gun, "t" + i, "c" + i, 10 + i, "s-" + i)));
              }
              streaming.set(false);
            });

    List<Integer> versionsSeen = new ArrayList<>();
    // read until the pushes were sent and the served version moved on (sending is quick; on a
    // loaded machine the first pushes may be signed only after a few reads)
    await()
        .atMost(2, TimeUnit.MINUTES)
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(20))
        .until(
            () -> {
              // judged at the moment of the request: nothing served may be expired by then
              Clock requestTime = Clock.fixed(Instant.now(), ZoneOffset.UTC);
              CurrentMetadata set = readLikeAClient(gun);
              new RepositoryVerifier(requestTime).verify(set);
              int version = set.require(RoleName.RELEASES).version();
              versionsSeen.add(version);
              return !streaming.get() && versionsSeen.size() >= 5 && version > versionsSeen.get(0);
            });
    pushes.get(1, TimeUnit.MINUTES);

    assertThat(versionsSeen).isSortedAccordingTo(Integer::compare);
    assertThat(versionsSeen.get(versionsSeen.size() - 1)).isGreaterThan(versionsSeen.get(0));
  }

  /** timestamp -> snapshot by hash -> every role by hash, as the notary client walks it. */
  private static CurrentMetadata readLikeAClient(String gun) throws Exception {
    SignedMetadata timestamp = timestamp(gun);
    MetaFile snapshotMeta = timestamp.timestamp().snapshot();
    SignedMetadata snapshot = byHash(gun, RoleName.SNAPSHOT, snapshotMeta);
    List<SignedMetadata> files = new ArrayList<>(List.of(timestamp, snapshot));
    for (Map.Entry<String, MetaFile> meta : snapshot.snapshot().meta().entrySet()) {
      files.add(byHash(gun, meta.getKey(), meta.getValue()));
    }
    return CurrentMetadata.of(files);
  }

  private static SignedMetadata byHash(String gun, String role, MetaFile meta) throws Exception {
    String file = role + "." + meta.hashes().sha256Hex() + ".json";
    byte[] bytes =
        http.tuf(gun, file).orElseThrow(() -> new AssertionError(file + " is not served"));
    return SignedMetadata.parse(role, bytes);
  }

  private static SignedMetadata timestamp(String gun) throws Exception {
    return SignedMetadata.parse(RoleName.TIMESTAMP, http.tuf(gun, "timestamp.json").orElseThrow());
  }
}
