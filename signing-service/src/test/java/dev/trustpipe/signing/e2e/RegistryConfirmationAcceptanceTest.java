package dev.trustpipe.signing.e2e;

import static dev.trustpipe.signing.support.RegistryEvents.CODEC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.trustpipe.contracts.CloudEvent;
import dev.trustpipe.contracts.DigestResolution;
import dev.trustpipe.contracts.EventRejected;
import dev.trustpipe.contracts.RejectionStage;
import dev.trustpipe.contracts.Topics;
import dev.trustpipe.signing.support.EmbeddedKafka;
import dev.trustpipe.signing.support.NotaryCli;
import dev.trustpipe.signing.support.NotaryCli.ListedTarget;
import dev.trustpipe.signing.support.RegistryEvents;
import dev.trustpipe.signing.support.SigningServiceRunner;
import dev.trustpipe.signing.support.TestPostgres;
import dev.trustpipe.signing.support.TestRegistry;
import dev.trustpipe.signing.support.TestRegistry.Pushed;
import dev.trustpipe.truststore.TrustStore;
import dev.trustpipe.tuf.model.RoleName;
import dev.trustpipe.tuf.model.SignedMetadata;
import dev.trustpipe.tuf.model.TargetFile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Registry confirmation end to end: the real signing-service with confirmation on, real Kafka and
 * PostgreSQL, the real Distribution registry, and the real {@code notary} CLI listing what was
 * signed. Events name the registry as {@code 127.0.0.1:<port>} while the GUN uses the alias {@code
 * localhost:<port>}, as with TRUSTPIPE_REGISTRY_ALIASES: the event's registry host is what is
 * asked.
 */
class RegistryConfirmationAcceptanceTest {
  @TempDir static Path home;
  @TempDir static Path registryDir;
  static EmbeddedKafka kafka;
  static TestPostgres database;
  static TestRegistry registry;
  static SigningServiceRunner service;
  static NotaryCli notary;

  private static int eventCount;

  @BeforeAll
  static void start() throws Exception {
    registry = TestRegistry.start(registryDir.resolve("main"));
    kafka = new EmbeddedKafka(3);
    database = TestPostgres.create("signing_registry");
    service =
        SigningServiceRunner.start(
            kafka,
            database,
            home,
            Map.of(
                "trustpipe.registry.confirm", true,
                "trustpipe.registry.attempts", 2,
                "trustpipe.registry.backoff", "PT0.05S",
                "trustpipe.registry.cooldown", "PT0.5S",
                "trustpipe.registry.connect-timeout", "PT1S"));
    notary = new NotaryCli(service.notaryUrl(), home.resolve("tls/ca.crt"));
  }

  @AfterAll
  static void stop() throws Exception {
    if (service != null) {
      service.close();
    }
    if (kafka != null) {
      kafka.close();
    }
    if (database != null) {
      database.close();
    }
    if (registry != null) {
      registry.close();
    }
  }

  @Test
  void confirmedPushesAreSignedAndADigestlessPushIsResolvedFromTheRegistry() throws Exception {
    String repository = "demo/app";
    String gun = gun(registry, repository);
    Pushed docker = registry.pushDocker(repository, "docker");
    Pushed oci = registry.pushOci(repository, "oci");
    Pushed index = registry.pushOciIndex(repository, "index");
    Pushed hub = registry.pushOci(repository, "from-hub");

    send(reported(registry, repository, "docker", docker));
    send(reported(registry, repository, "oci", oci));
    send(reported(registry, repository, "index", index));
    send(
        RegistryEvents.push(
            gun,
            registry.host(),
            repository,
            "from-hub",
            null,
            DigestResolution.REQUIRED,
            null,
            nextId()));

    await().atMost(1, TimeUnit.MINUTES).until(() -> releasesTargets(gun).size() == 4);
    awaitListed(
        gun,
        listed("docker", docker),
        listed("oci", oci),
        listed("index", index),
        listed("from-hub", hub));
  }

  @Test
  void aPushTheRegistryDoesNotConfirmIsRejectedWithTheReasonAndNothingIsSigned() throws Exception {
    String repository = "demo/guarded";
    String gun = gun(registry, repository);
    Pushed good = registry.pushOci(repository, "v1");
    send(reported(registry, repository, "v1", good));
    await().atMost(1, TimeUnit.MINUTES).until(() -> releasesTargets(gun).size() == 1);

    // a digest the registry never had (a forged or mistaken webhook)
    Pushed forged = new Pushed("sha256:" + "5e".repeat(32), TestRegistry.OCI_MANIFEST, 401);
    CloudEvent<?> forgedPush = reported(registry, repository, "v2", forged);
    // a push whose tag moved on before it was processed
    Pushed before = registry.pushOci(repository, "moving");
    Pushed after = registry.pushDocker(repository, "moving");
    CloudEvent<?> stalePush = reported(registry, repository, "moving", before);
    send(forgedPush);
    send(stalePush);

    EventRejected forgedWhy = awaitRejection(forgedPush.id());
    EventRejected staleWhy = awaitRejection(stalePush.id());
    assertThat(forgedWhy.stage()).isEqualTo(RejectionStage.SIGNING);
    assertThat(forgedWhy.gun()).isEqualTo(gun);
    assertThat(forgedWhy.reason())
        .contains("has no manifest " + forged.digest())
        .contains("not signed");
    assertThat(staleWhy.reason())
        .contains("now points at " + after.digest())
        .contains("not at the pushed " + before.digest());
    awaitListed(gun, listed("v1", good));

    // the later push of the moved tag is what gets signed
    send(reported(registry, repository, "moving", after));
    await().atMost(1, TimeUnit.MINUTES).until(() -> releasesTargets(gun).size() == 2);
    awaitListed(gun, listed("v1", good), listed("moving", after));
  }

  @Test
  void aDeleteRemovesTheSignatureOnlyOnceTheRegistryNoLongerHasTheTag() throws Exception {
    String repository = "demo/deletes";
    String gun = gun(registry, repository);
    Pushed kept = registry.pushOci(repository, "kept");
    Pushed gone = registry.pushDocker(repository, "gone");
    send(reported(registry, repository, "kept", kept));
    send(reported(registry, repository, "gone", gone));
    await().atMost(1, TimeUnit.MINUTES).until(() -> releasesTargets(gun).size() == 2);

    CloudEvent<?> forgedDelete =
        RegistryEvents.delete(gun, registry.host(), repository, "kept", null, nextId());
    send(forgedDelete);
    assertThat(awaitRejection(forgedDelete.id()).reason())
        .contains("still has tag kept")
        .contains("signature is kept");

    registry.deleteManifest(repository, gone.digest());
    // what Distribution sends for a DELETE by digest: the manifest, then its tag without a digest
    send(RegistryEvents.delete(gun, registry.host(), repository, null, gone.digest(), nextId()));
    send(RegistryEvents.delete(gun, registry.host(), repository, "gone", null, nextId()));
    await().atMost(1, TimeUnit.MINUTES).until(() -> !releasesTargets(gun).containsKey("gone"));
    awaitListed(gun, listed("kept", kept));
  }

  @Test
  void whileTheRegistryIsDownAPushIsNeitherSignedNorRejectedAndIsSignedOnceItIsBack()
      throws Exception {
    try (TestRegistry flaky = TestRegistry.start(registryDir.resolve("flaky"))) {
      String repository = "demo/outage";
      String gun = gun(flaky, repository);
      Pushed pushed = flaky.pushOci(repository, "v1");
      flaky.stop();
      CloudEvent<?> push = reported(flaky, repository, "v1", pushed);
      send(push);

      await()
          .during(Duration.ofSeconds(4))
          .atMost(Duration.ofSeconds(10))
          .until(() -> releasesTargets(gun).isEmpty() && rejection(push.id()).isEmpty());

      flaky.start();
      await().atMost(1, TimeUnit.MINUTES).until(() -> releasesTargets(gun).size() == 1);
      awaitListed(gun, listed("v1", pushed));
      assertThat(rejection(push.id())).isEmpty();
    }
  }

  /**
   * What the real notary CLI lists, once it lists exactly {@code expected}: the Notary API may
   * serve a current file from its read cache for trustpipe.notary.read-cache-ttl after a push.
   */
  private static void awaitListed(String gun, ListedTarget... expected) {
    await()
        .atMost(1, TimeUnit.MINUTES)
        .untilAsserted(() -> assertThat(notary.list(gun)).containsExactlyInAnyOrder(expected));
  }

  private static String gun(TestRegistry registry, String repository) {
    return registry.host().replace("127.0.0.1", "localhost") + "/" + repository;
  }

  private static CloudEvent<?> reported(
      TestRegistry registry, String repository, String tag, Pushed pushed) {
    return RegistryEvents.push(
        gun(registry, repository),
        registry.host(),
        repository,
        tag,
        pushed.digest(),
        DigestResolution.REPORTED,
        pushed.size(),
        nextId());
  }

  private static synchronized String nextId() {
    return "registry-evt-" + (++eventCount);
  }

  private static void send(CloudEvent<?> event) {
    kafka.send(Topics.REGISTRY_EVENTS, event.subject(), CODEC.encode(event));
  }

  private static ListedTarget listed(String tag, Pushed pushed) {
    return new ListedTarget(tag, pushed.hex(), pushed.size(), RoleName.RELEASES);
  }

  private static EventRejected awaitRejection(String eventId) {
    return await()
        .atMost(1, TimeUnit.MINUTES)
        .until(() -> rejection(eventId), Optional::isPresent)
        .orElseThrow();
  }

  private static Optional<EventRejected> rejection(String eventId) {
    for (ConsumerRecord<String, byte[]> r :
        kafka.readAll(Topics.DEAD_LETTER, Duration.ofMillis(500))) {
      EventRejected why = CODEC.decode(r.value(), EventRejected.class).data();
      if (eventId.equals(why.originalEventId())) {
        return Optional.of(why);
      }
    }
    return Optional.empty();
  }

  private static Map<String, TargetFile> releasesTargets(String gun) {
    return service
        .bean(TrustStore.class)
        .current(gun, RoleName.RELEASES)
        .map(m -> SignedMetadata.parse(m.role(), m.bytes()).targets().targets())
        .orElse(Map.of());
  }
}
