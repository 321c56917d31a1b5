package dev.trustpipe.signing.e2e;

import static dev.trustpipe.signing.support.RegistryEvents.CODEC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.trustpipe.contracts.ChangeCause;
import dev.trustpipe.contracts.CloudEvent;
import dev.trustpipe.contracts.DecodedEvent;
import dev.trustpipe.contracts.EventRejected;
import dev.trustpipe.contracts.ImagePushed;
import dev.trustpipe.contracts.Topics;
import dev.trustpipe.contracts.TrustChanged;
import dev.trustpipe.signing.support.EmbeddedKafka;
import dev.trustpipe.signing.support.NotaryCli;
import dev.trustpipe.signing.support.NotaryCli.ListedTarget;
import dev.trustpipe.signing.support.RegistryEvents;
import dev.trustpipe.signing.support.SigningServiceRunner;
import dev.trustpipe.signing.support.TestPostgres;
import dev.trustpipe.truststore.TrustStore;
import dev.trustpipe.tuf.model.RoleName;
import dev.trustpipe.tuf.model.SignedMetadata;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The foundation's acceptance: real Kafka, real PostgreSQL, the signing-service as it runs in
 * production, and the real Debian {@code notary} CLI and docker CLI as the judges.
 */
class NotaryCliAcceptanceTest {
  private static final int GUNS = 5;
  private static final int TAGS = 10;

  @TempDir static Path home;
  static EmbeddedKafka kafka;
  static TestPostgres database;
  static SigningServiceRunner service;
  static NotaryCli notary;

  @BeforeAll
  static void start() {
    kafka = new EmbeddedKafka(3);
    database = TestPostgres.create("signing_e2e");
    service = SigningServiceRunner.start(kafka, database, home, Map.of());
    notary = new NotaryCli(service.notaryUrl(), home.resolve("tls/ca.crt"));
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
  void fiftyPushesForFiveGunsEachDeliveredTwiceAreListedByTheRealNotaryCli() throws Exception {
    Random random = new Random(42);
    Map<String, Map<String, ListedTarget>> expected = new LinkedHashMap<>();
    List<CloudEvent<ImagePushed>> pushes = new ArrayList<>();
    for (int g = 0; g < GUNS; g++) {
      String gun = "registry.example.com:5000/team/app" + g;
      Map<String, ListedTarget> tags = new LinkedHashMap<>();
      for (int t = 0; t < TAGS; t++) {
        String tag = "v1." + t;
        String content = gun + ":" + tag + ":" + random.nextLong();
        long size = 400 + random.nextInt(5000);
        pushes.add(RegistryEvents.push(gun, tag, content, size, "evt-" + g + "-" + t));
        tags.put(
            tag, new ListedTarget(tag, RegistryEvents.sha256Hex(content), size, RoleName.RELEASES));
      }
      expected.put(gun, tags);
    }
    // every event twice, the second round in another order: at-least-once delivery
    List<CloudEvent<ImagePushed>> redelivered = new ArrayList<>(pushes);
    Collections.shuffle(redelivered, random);
    for (CloudEvent<ImagePushed> push : pushes) {
      kafka.send(Topics.REGISTRY_EVENTS, push.subject(), CODEC.encode(push));
    }
    for (CloudEvent<ImagePushed> push : redelivered) {
      kafka.send(Topics.REGISTRY_EVENTS, push.subject(), CODEC.encode(push));
    }

    TrustStore store = service.bean(TrustStore.class);
    await()
        .atMost(2, TimeUnit.MINUTES)
        .untilAsserted(
            () -> {
              for (String gun : expected.keySet()) {
                assertThat(releasesTargets(store, gun)).hasSize(TAGS);
              }
            });

    for (Map.Entry<String, Map<String, ListedTarget>> gun : expected.entrySet()) {
      assertThat(notary.list(gun.getKey()))
          .as("notary list %s", gun.getKey())
          .containsExactlyInAnyOrderElementsOf(gun.getValue().values());
    }
    String gun0 = expected.keySet().iterator().next();
    ListedTarget looked = expected.get(gun0).get("v1.3");
    assertThat(notary.run("lookup", gun0, "v1.3").requireSuccess().output().trim())
        .isEqualTo("v1.3 sha256:" + looked.digestHex() + " " + looked.size());

    String inspect = dockerTrustInspect(gun0);
    for (ListedTarget target : expected.get(gun0).values()) {
      assertThat(inspect).containsPattern(target.name() + "\\s+" + target.digestHex());
    }

    // signed once: every push is the cause of exactly one targets/releases version
    await()
        .atMost(1, TimeUnit.MINUTES)
        .untilAsserted(
            () -> {
              Map<String, Long> causes =
                  trustChanges().stream()
                      .filter(
                          c -> c.role().equals(RoleName.RELEASES) && c.cause() == ChangeCause.PUSH)
                      .flatMap(c -> c.causeEventIds().stream())
                      .collect(Collectors.groupingBy(id -> id, Collectors.counting()));
              for (CloudEvent<ImagePushed> push : pushes) {
                assertThat(causes.get(push.id()))
                    .as("versions caused by %s", push.id())
                    .isEqualTo(1L);
              }
            });
  }

  @Test
  void aTagPushedAgainShowsTheNewDigestAndADeleteRemovesIt() throws Exception {
    String gun = "registry.example.com:5000/team/moving";
    var first = RegistryEvents.push(gun, "latest", "one", 1000, "move-1");
    var keep = RegistryEvents.push(gun, "stable", "stable", 1200, "move-2");
    kafka.send(Topics.REGISTRY_EVENTS, gun, CODEC.encode(first));
    kafka.send(Topics.REGISTRY_EVENTS, gun, CODEC.encode(keep));
    TrustStore store = service.bean(TrustStore.class);
    await().atMost(1, TimeUnit.MINUTES).until(() -> releasesTargets(store, gun).size() == 2);

    var moved = RegistryEvents.push(gun, "latest", "two", 2000, "move-3");
    kafka.send(Topics.REGISTRY_EVENTS, gun, CODEC.encode(moved));
    await()
        .atMost(1, TimeUnit.MINUTES)
        .until(() -> releasesTargets(store, gun).get("latest").length() == 2000);
    // the Notary API serves through a read cache (trustpipe.notary.read-cache-ttl): wait out its
    // TTL
    await()
        .atMost(30, TimeUnit.SECONDS)
        .untilAsserted(
            () ->
                assertThat(notary.list(gun))
                    .contains(
                        new ListedTarget(
                            "latest", RegistryEvents.sha256Hex("two"), 2000, RoleName.RELEASES))
                    .hasSize(2));

    kafka.send(
        Topics.REGISTRY_EVENTS,
        gun,
        CODEC.encode(RegistryEvents.deleteTag(gun, "latest", "move-4")));
    await().atMost(1, TimeUnit.MINUTES).until(() -> releasesTargets(store, gun).size() == 1);
    await()
        .atMost(30, TimeUnit.SECONDS)
        .untilAsserted(
            () ->
                assertThat(notary.list(gun))
                    .containsExactly(
                        new ListedTarget(
                            "stable",
                            RegistryEvents.sha256Hex("stable"),
                            1200,
                            RoleName.RELEASES)));
  }

  @Test
  void malformedEventsAreDeadLetteredWithAReasonAndChangeNothing() throws Exception {
    String gun = "registry.example.com:5000/team/guarded";
    kafka.send(
        Topics.REGISTRY_EVENTS, gun, CODEC.encode(RegistryEvents.push(gun, "v1", "ok", 10, "g-1")));
    TrustStore store = service.bean(TrustStore.class);
    await().atMost(1, TimeUnit.MINUTES).until(() -> releasesTargets(store, gun).size() == 1);
    int versionBefore = store.current(gun, RoleName.RELEASES).orElseThrow().version();

    String valid =
        new String(
            CODEC.encode(RegistryEvents.push(gun, "v2", "x", 10, "g-2")), StandardCharsets.UTF_8);
    Map<String, String> malformed = new LinkedHashMap<>();
    malformed.put("bad-json", "{\"specversion\":\"1.0\",");
    malformed.put("schema", valid.replace("\"repository\"", "\"repo\""));
    malformed.put("digest", valid.replaceAll("sha256:[0-9a-f]{64}", "sha256:XYZ"));
    malformed.put("dotdot", valid.replace(gun, "registry.example.com:5000/team/../guarded"));
    malformed.put("control", valid.replace(gun, "registry.example.com:5000/team/gu\\u0007arded"));
    malformed.put("long", valid.replace(gun, "registry.example.com:5000/" + "a".repeat(250)));
    for (Map.Entry<String, String> bad : malformed.entrySet()) {
      kafka.send(Topics.REGISTRY_EVENTS, gun, bad.getValue().getBytes(StandardCharsets.UTF_8));
    }

    Map<String, EventRejected> rejected = new HashMap<>();
    await()
        .atMost(1, TimeUnit.MINUTES)
        .untilAsserted(
            () -> {
              for (ConsumerRecord<String, byte[]> r :
                  kafka.readAll(Topics.DEAD_LETTER, Duration.ofSeconds(2))) {
                EventRejected why = CODEC.decode(r.value(), EventRejected.class).data();
                for (Map.Entry<String, String> bad : malformed.entrySet()) {
                  if (why.rawPayload().equals(bad.getValue())) {
                    rejected.put(bad.getKey(), why);
                  }
                }
              }
              assertThat(rejected).containsOnlyKeys(malformed.keySet());
            });
    rejected.values().forEach(r -> assertThat(r.reason()).isNotBlank());
    assertThat(rejected.get("digest").reason()).contains("digest");
    assertThat(rejected.get("dotdot").reason()).contains("..");
    assertThat(rejected.get("long").reason()).contains("255");
    assertThat(store.current(gun, RoleName.RELEASES).orElseThrow().version())
        .isEqualTo(versionBefore);
    assertThat(releasesTargets(store, gun)).containsOnlyKeys("v1");
  }

  private static Map<String, dev.trustpipe.tuf.model.TargetFile> releasesTargets(
      TrustStore store, String gun) {
    return store
        .current(gun, RoleName.RELEASES)
        .map(m -> SignedMetadata.parse(m.role(), m.bytes()).targets().targets())
        .orElse(Map.of());
  }

  private static List<TrustChanged> trustChanges() {
    List<TrustChanged> changes = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> r :
        kafka.readAll(Topics.TRUST_CHANGES, Duration.ofSeconds(2))) {
      if (CODEC.decode(r.value()) instanceof DecodedEvent.TrustChangedEvent changed) {
        changes.add(changed.event().data());
      }
    }
    return changes;
  }

  /** {@code docker trust inspect --pretty}: the docker CLI needs no daemon for this. */
  private static String dockerTrustInspect(String gun) throws Exception {
    Path config = Files.createTempDirectory("docker-config");
    Path caDir = config.resolve("tls").resolve("127.0.0.1:" + service.port());
    Files.createDirectories(caDir);
    Files.copy(home.resolve("tls/ca.crt"), caDir.resolve("ca.crt"));
    ProcessBuilder pb =
        new ProcessBuilder("docker", "trust", "inspect", "--pretty", gun).redirectErrorStream(true);
    pb.environment().put("DOCKER_CONFIG", config.toString());
    pb.environment().put("DOCKER_CONTENT_TRUST_SERVER", service.notaryUrl());
    Process process = pb.start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as("docker trust inspect output:\n%s", output).isZero();
    return output;
  }
}
