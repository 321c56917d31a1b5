package dev.trustpipe.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trustpipe.audit.ingest.AuditEventMapper;
import dev.trustpipe.audit.store.AuditStore;
import dev.trustpipe.audit.store.EntryFilter;
import dev.trustpipe.audit.store.StoredEntry;
import dev.trustpipe.contracts.ChangeCause;
import dev.trustpipe.contracts.CloudEvent;
import dev.trustpipe.contracts.DecodedEvent;
import dev.trustpipe.contracts.EventCodec;
import dev.trustpipe.contracts.EventRejected;
import dev.trustpipe.contracts.KeyRotated;
import dev.trustpipe.contracts.Topics;
import dev.trustpipe.contracts.TrustChanged;
import dev.trustpipe.e2e.support.DistributionRegistry;
import dev.trustpipe.e2e.support.DistributionRegistry.Endpoint;
import dev.trustpipe.e2e.support.DistributionRegistry.Kind;
import dev.trustpipe.e2e.support.DistributionRegistry.Pushed;
import dev.trustpipe.e2e.support.Pipeline;
import dev.trustpipe.e2e.support.TrustChains;
import dev.trustpipe.e2e.support.TrustChains.Release;
import dev.trustpipe.e2e.support.TrustChains.Signed;
import dev.trustpipe.signing.operator.KeysCli;
import dev.trustpipe.signing.support.CommandLine;
import dev.trustpipe.signing.support.NotaryCli;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline, every part real: the CNCF Distribution registry from Debian notifies the
 * ingest-service (bearer secret), which produces to a KRaft Kafka broker; the signing-service
 * confirms each push with the registry, signs it into the trust store on PostgreSQL and serves it;
 * the Debian {@code notary} CLI lists it; the audit-service logs every trust change. Images are
 * pushed through the registry API (no Docker daemon).
 *
 * <p>The registry has two notification endpoints, both TrustPipe with the right secret: every
 * webhook is delivered twice, always. Each test uses its own repositories.
 *
 * <p>{@code -De2e.pushes=N -De2e.repositories=M} size the load test (default: the issue's 200
 * across 20).
 *
 * <p>The audit test runs last ({@link Order}): it checks the audit log against everything the
 * scenarios before it produced.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelineEndToEndTest {
  private static final EventCodec CODEC = new EventCodec();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration SIGNED_WITHIN = Duration.ofSeconds(30);

  private Path dir;
  private Pipeline pipeline;
  private DistributionRegistry registry;
  private TrustChains store;

  @BeforeAll
  void startPipelineAndRegistry(@TempDir Path dir) throws Exception {
    this.dir = dir;
    pipeline = Pipeline.start(dir.resolve("home"));
    registry =
        DistributionRegistry.start(
            dir.resolve("registry"),
            List.of(
                new Endpoint("trustpipe", pipeline.webhookUrl(), pipeline.secret()),
                new Endpoint("trustpipe-again", pipeline.webhookUrl(), pipeline.secret())));
    store = pipeline.trustStore();
  }

  @AfterAll
  void stop() throws Exception {
    try {
      if (registry != null) {
        registry.close();
      }
    } finally {
      if (pipeline != null) {
        pipeline.close();
      }
    }
  }

  @Test
  void everyPushAcrossRepositoriesIsListedWithTheRegistrysDigestWithin30Seconds() throws Exception {
    int pushes = Integer.getInteger("e2e.pushes", 200);
    int repositories = Integer.getInteger("e2e.repositories", 20);
    Map<String, Map<String, Pushed>> expected = new LinkedHashMap<>();
    Kind[] kinds = Kind.values();
    for (int i = 0; i < pushes; i++) {
      String repository = "load/app" + (i % repositories);
      Pushed pushed = registry.push(repository, "t" + i, kinds[i % kinds.length]);
      expected
          .computeIfAbsent(registry.gun(repository), g -> new LinkedHashMap<>())
          .put("t" + i, pushed);
    }
    long lastPush = System.nanoTime();

    awaitSigned(expected, SIGNED_WITHIN);
    for (Map.Entry<String, Map<String, Pushed>> gun : expected.entrySet()) {
      assertThat(listed(gun.getKey())).as(gun.getKey()).isEqualTo(signed(gun.getValue()));
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - lastPush);
    assertThat(elapsed)
        .as("every tag listed by notary within %s of the last push", SIGNED_WITHIN)
        .isLessThanOrEqualTo(SIGNED_WITHIN);
    expected.keySet().forEach(this::assertChainsClean);
  }

  @Test
  void everyWebhookDeliveredTwiceAndEveryEventReplayedChangesNothingMore() throws Exception {
    Map<String, Pushed> tags = new LinkedHashMap<>();
    for (int i = 0; i < 6; i++) {
      tags.put("r" + i, registry.push("replay/app", "r" + i, Kind.values()[i % 3]));
    }
    String gun = registry.gun("replay/app");
    awaitSigned(Map.of(gun, tags), SIGNED_WITHIN);
    await().atMost(SIGNED_WITHIN).until(pipeline::signingCaughtUp);

    // the registry's two endpoints delivered every push twice: the same event, twice on Kafka
    List<ConsumerRecord<String, byte[]>> events =
        pipeline.kafka().readAll(Topics.REGISTRY_EVENTS, Duration.ofSeconds(1));
    Map<String, Long> deliveries =
        events.stream()
            .filter(r -> gun.equals(r.key()))
            .collect(
                Collectors.groupingBy(r -> CODEC.decode(r.value()).id(), Collectors.counting()));
    assertThat(deliveries).hasSizeGreaterThanOrEqualTo(tags.size());
    assertThat(deliveries.values()).allMatch(n -> n >= 2);
    assertChainsClean(gun);

    // replay every registry event ever produced (all tests' so far) once more
    String everything = registry.host() + "/";
    long filesBefore = store.files(everything);
    Map<String, List<Integer>> versionsBefore = store.versions(gun);
    events.forEach(r -> pipeline.kafka().send(Topics.REGISTRY_EVENTS, r.key(), r.value()));
    await().atMost(Duration.ofSeconds(60)).until(pipeline::signingCaughtUp);

    assertThat(store.files(everything)).isEqualTo(filesBefore);
    assertThat(store.versions(gun)).isEqualTo(versionsBefore);
    assertThat(listed(gun)).isEqualTo(signed(tags));
  }

  @Test
  void aMovedTagAndADeletedTagAreReflected() throws Exception {
    String gun = registry.gun("moves/app");
    Pushed first = registry.push("moves/app", "v1", Kind.DOCKER);
    Pushed doomed = registry.push("moves/app", "doomed", Kind.OCI);
    awaitSigned(Map.of(gun, Map.of("v1", first, "doomed", doomed)), SIGNED_WITHIN);

    Pushed moved = registry.push("moves/app", "v1", Kind.OCI_INDEX);
    registry.deleteManifest("moves/app", doomed.digest());
    awaitSigned(Map.of(gun, Map.of("v1", moved)), SIGNED_WITHIN);
    assertThat(listed(gun)).isEqualTo(signed(Map.of("v1", moved)));
    assertChainsClean(gun, false);
  }

  @Test
  void aPipelineRestartedInTheMiddleLosesNothingAndSignsNothingTwice() throws Exception {
    int pushes = 30;
    AtomicInteger done = new AtomicInteger();
    ExecutorService pusher = Executors.newSingleThreadExecutor();
    Future<Map<String, Map<String, Pushed>>> pushing =
        pusher.submit(
            () -> {
              Map<String, Map<String, Pushed>> expected = new LinkedHashMap<>();
              for (int i = 0; i < pushes; i++) {
                String repository = "restart/app" + (i % 3);
                Pushed pushed = registry.push(repository, "p" + i, Kind.values()[i % 3]);
                expected
                    .computeIfAbsent(registry.gun(repository), g -> new LinkedHashMap<>())
                    .put("p" + i, pushed);
                done.incrementAndGet();
              }
              return expected;
            });
    try {
      await().atMost(Duration.ofSeconds(60)).until(() -> done.get() >= pushes / 3);
      // SIGTERM to both services while pushes go on; the registry keeps retrying its webhooks
      pipeline.stopSigning();
      pipeline.stopIngest();
      await().atMost(Duration.ofSeconds(60)).until(() -> done.get() >= 2 * pushes / 3);
      pipeline.startIngest();
      pipeline.startSigning();
      Map<String, Map<String, Pushed>> expected = pushing.get();

      awaitSigned(expected, Duration.ofSeconds(90));
      for (Map.Entry<String, Map<String, Pushed>> gun : expected.entrySet()) {
        assertThat(listed(gun.getKey())).isEqualTo(signed(gun.getValue()));
        assertChainsClean(gun.getKey());
      }
    } finally {
      pusher.shutdownNow();
    }
  }

  /**
   * TrustPipe signs its own images: the signing-service's container image as Jib built it (OCI,
   * {@code -Pimages}: signing-service/target/jib-image.tar) is pushed into the registry blob by
   * blob, the registry notifies the pipeline, and the notary CLI lists the tag with the manifest
   * digest the registry stored. Skipped only when no image was built (a plain {@code mvn verify}).
   */
  @Test
  void trustPipeSignsItsOwnSigningServiceImage(@TempDir Path unpacked) throws Exception {
    String tarball = System.getProperty("e2e.signingServiceImage", "");
    assumeTrue(!tarball.isBlank(), "no image tarball: build with -Pimages (./trustpipe test does)");
    Path tar = Path.of(tarball);
    assertThat(tar).as("the signing-service's Jib image (-Pimages)").isRegularFile();
    Process untar =
        new ProcessBuilder("tar", "-xf", tar.toString(), "-C", unpacked.toString())
            .redirectErrorStream(true)
            .start();
    String untarOutput = new String(untar.getInputStream().readAllBytes());
    assertThat(untar.waitFor()).as("tar -xf %s: %s", tar, untarOutput).isZero();
    assertThat(unpacked.resolve("index.json"))
        .as("an OCI image layout (<format>OCI</format>)")
        .isRegularFile();

    JsonNode descriptor = JSON.readTree(unpacked.resolve("index.json").toFile()).path("manifests");
    assertThat(descriptor.size()).as("images in the tarball").isOne();
    String manifestDigest = descriptor.get(0).path("digest").asText();
    JsonNode manifest = JSON.readTree(DistributionRegistry.blob(unpacked, manifestDigest).toFile());
    assertThat(manifest.path("layers").size()).as("layers").isGreaterThan(1);
    JsonNode config =
        JSON.readTree(
                DistributionRegistry.blob(unpacked, manifest.path("config").path("digest").asText())
                    .toFile())
            .path("config");
    // non-root: a numeric uid other than 0 (no passwd lookup can turn it into root)
    String user = config.path("User").asText();
    assertThat(user).as("image user").matches("[0-9]+:[0-9]+");
    assertThat(Integer.parseInt(user.substring(0, user.indexOf(':')))).as("uid").isNotZero();
    assertThat(user).isEqualTo("10001:10001");
    List<String> env = new ArrayList<>();
    config.path("Env").forEach(e -> env.add(e.asText()));
    assertThat(env).contains("TRUSTPIPE_HOME=/tmp/trustpipe");
    List<String> entrypoint = new ArrayList<>();
    config.path("Entrypoint").forEach(e -> entrypoint.add(e.asText()));
    assertThat(entrypoint)
        .contains(
            "-XX:MaxRAMPercentage=75",
            "-XX:+ExitOnOutOfMemoryError",
            "dev.trustpipe.signing.SigningServiceApplication");

    String repository = "trustpipe/signing-service";
    String tag = "self-signed";
    Pushed pushed = registry.pushOciLayout(repository, tag, unpacked);
    assertThat(pushed.digest()).as("the digest the registry stored").isEqualTo(manifestDigest);
    assertThat(pushed.mediaType()).isEqualTo(DistributionRegistry.OCI_MANIFEST);
    String gun = registry.gun(repository);
    awaitSigned(Map.of(gun, Map.of(tag, pushed)), SIGNED_WITHIN);
    assertThat(listed(gun))
        .as("notary list %s", gun)
        .isEqualTo(Map.of(tag, new Signed(pushed.hex(), pushed.size())));
    assertChainsClean(gun);
  }

  @Test
  void aWebhookWithAWrongSecretSignsNothing() throws Exception {
    double refusedBefore = refusedWebhooks();
    try (DistributionRegistry intruder =
        DistributionRegistry.start(
            dir.resolve("intruder"),
            List.of(new Endpoint("trustpipe", pipeline.webhookUrl(), "not-the-secret")))) {
      String gun = intruder.gun("intruder/app");
      intruder.push("intruder/app", "v1", Kind.DOCKER);
      // the intruder's webhooks arrive and are refused
      await().atMost(SIGNED_WITHIN).until(() -> refusedWebhooks() > refusedBefore);
      // and after a push that is signed, there is still nothing for the intruder's repository
      Pushed control = registry.push("secret/control", "v1", Kind.DOCKER);
      awaitSigned(Map.of(registry.gun("secret/control"), Map.of("v1", control)), SIGNED_WITHIN);
      assertThat(store.exists(gun)).isFalse();
      assertThat(pipeline.notary().run("list", gun).exitCode()).isNotZero();
    }
  }

  @Test
  void aWebhookForADigestTheRegistryDoesNotHaveSignsNothing() throws Exception {
    String gun = registry.gun("forged/app");
    Pushed real = registry.push("forged/app", "real", Kind.DOCKER);
    awaitSigned(Map.of(gun, Map.of("real", real)), SIGNED_WITHIN);

    String forgedDigest = "sha256:" + "ab".repeat(32);
    HttpResponse<String> response =
        postDistributionPush(registry.host(), "forged/app", "v1", forgedDigest, 525);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    Matcher id = Pattern.compile("\"eventIds\":\\[\"([^\"]+)\"").matcher(response.body());
    assertThat(id.find()).as(response.body()).isTrue();

    // the signing-service rejects it (event.rejected.v1) ...
    await()
        .atMost(SIGNED_WITHIN)
        .untilAsserted(
            () ->
                assertThat(rejections())
                    .anySatisfy(
                        r -> {
                          assertThat(r.originalEventId()).isEqualTo(id.group(1));
                          assertThat(r.gun()).isEqualTo(gun);
                        }));
    // ... and signs nothing
    assertThat(store.current(gun)).isEqualTo(signed(Map.of("real", real)));
    assertThat(listed(gun)).isEqualTo(signed(Map.of("real", real)));
    assertChainsClean(gun);
  }

  /**
   * After every scenario above: each {@code trust.changed.v1} and {@code event.rejected.v1} the
   * pipeline produced, as a plain consumer reads them back from Kafka, is in the audit log exactly
   * once with its cause, and nothing else is; every cause is a registry event of the same GUN; the
   * chain verifies; and replaying events changes nothing.
   */
  @Test
  void aRotatedKeyKeepsAnEarlierClientVerifyingAndIsAudited() throws Exception {
    String gun = registry.gun("rotation/app");
    Pushed first = registry.push("rotation/app", "v1", Kind.DOCKER);
    awaitSigned(Map.of(gun, Map.of("v1", first)), SIGNED_WITHIN);
    NotaryCli cached = pipeline.notary().withTrustDir(dir.resolve("rotation-client"));
    assertThat(cached.list(gun)).extracting(NotaryCli.ListedTarget::name).containsExactly("v1");

    for (String role : List.of("timestamp", "root", "targets/releases")) {
      CommandLine.run(
          KeysCli::run,
          pipeline.signingUrl(),
          pipeline.home().toString(),
          "rotate",
          gun,
          role,
          "--actor",
          "e2e-operator");
    }

    Pushed second = registry.push("rotation/app", "v2", Kind.OCI);
    awaitSigned(Map.of(gun, Map.of("v1", first, "v2", second)), SIGNED_WITHIN);
    // the client that cached root v1 follows the rotations to the keys that signed v2
    await()
        .atMost(SIGNED_WITHIN)
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () ->
                assertThat(cached.list(gun))
                    .extracting(NotaryCli.ListedTarget::name)
                    .containsExactlyInAnyOrder("v1", "v2"));
    assertThat(listed(gun)).isEqualTo(signed(Map.of("v1", first, "v2", second)));
    assertChainsClean(gun, false);
  }

  @Test
  @Order(Integer.MAX_VALUE)
  void everyTrustChangeOfTheSuiteIsAuditedExactlyOnceWithItsCause() throws Exception {
    // nothing left in flight: signing decided every registry event, the outbox is on Kafka, and
    // the audit-service committed both of its topics
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () ->
                pipeline.signingCaughtUp()
                    && store.unpublishedOutbox() == 0
                    && pipeline.auditCaughtUp());

    List<ConsumerRecord<String, byte[]>> changeRecords =
        pipeline.kafka().readAll(Topics.TRUST_CHANGES, Duration.ofMillis(500));
    List<ConsumerRecord<String, byte[]>> rejectionRecords =
        pipeline.kafka().readAll(Topics.DEAD_LETTER, Duration.ofMillis(500));
    // a relay retried after a crash may publish an event twice: the same id, the same event
    Map<String, CloudEvent<TrustChanged>> changes = new LinkedHashMap<>();
    Map<String, CloudEvent<KeyRotated>> rotations = new LinkedHashMap<>();
    for (ConsumerRecord<String, byte[]> record : changeRecords) {
      DecodedEvent decoded = CODEC.decode(record.value());
      if (decoded instanceof DecodedEvent.KeyRotatedEvent rotated) {
        assertThat(rotations.putIfAbsent(rotated.event().id(), rotated.event()))
            .isIn(null, rotated.event());
        continue;
      }
      assertThat(decoded).isInstanceOf(DecodedEvent.TrustChangedEvent.class);
      CloudEvent<TrustChanged> change = ((DecodedEvent.TrustChangedEvent) decoded).event();
      assertThat(changes.putIfAbsent(change.id(), change)).isIn(null, change);
    }
    Map<String, CloudEvent<EventRejected>> rejected = new LinkedHashMap<>();
    for (ConsumerRecord<String, byte[]> record : rejectionRecords) {
      DecodedEvent decoded = CODEC.decode(record.value());
      assertThat(decoded).isInstanceOf(DecodedEvent.EventRejectedEvent.class);
      CloudEvent<EventRejected> rejection = ((DecodedEvent.EventRejectedEvent) decoded).event();
      assertThat(rejected.putIfAbsent(rejection.id(), rejection)).isIn(null, rejection);
    }

    Map<String, Audited> expected = new TreeMap<>();
    changes.forEach((id, change) -> expected.put(id, Audited.of(change.data())));
    rejected.forEach((id, rejection) -> expected.put(id, Audited.of(rejection.data())));
    rotations.forEach((id, rotation) -> expected.put(id, Audited.of(rotation.data())));
    AuditStore audit = pipeline.audit().bean(AuditStore.class);
    Map<String, Audited> logged = new TreeMap<>();
    Map<String, Integer> entriesPerEvent = new HashMap<>();
    audit.export(
        EntryFilter.ALL,
        e -> {
          logged.put(e.entry().eventId(), Audited.of(e));
          entriesPerEvent.merge(e.entry().eventId(), 1, Integer::sum);
        });
    assertThat(entriesPerEvent)
        .as("entries per event id")
        .allSatisfy((id, n) -> assertThat(n).isOne());
    assertThat(logged.keySet())
        .as("event ids in the audit log")
        .containsExactlyInAnyOrderElementsOf(expected.keySet());
    Map<String, String> wrong = new TreeMap<>();
    expected.forEach(
        (id, event) -> {
          if (!event.equals(logged.get(id))) {
            wrong.put(id, "expected " + event + " but logged " + logged.get(id));
          }
        });
    assertThat(wrong).as("entries that do not record their event").isEmpty();
    assertThat(audit.size()).isEqualTo(expected.size());
    // the scenarios created repositories, pushed into them and had a forged push rejected
    assertThat(logged.values())
        .extracting(Audited::action)
        .as("actions logged (run this test after the scenarios)")
        .contains(
            "creation",
            "push",
            "oci-signature",
            "rotation",
            AuditEventMapper.ACTION_KEY_ROTATION,
            AuditEventMapper.ACTION_REJECTED);
    assertThat(rotations.values())
        .extracting(r -> r.data().role())
        .as("the rotation scenario's key.rotated.v1 events")
        .containsExactly("timestamp", "root", "targets/releases");
    // TrustPipe's own .sig pushes came back as webhooks and were never signed into TUF
    assertThat(changes.values())
        .flatExtracting(c -> c.data().targetsAdded())
        .extracting(TrustChanged.Target::name)
        .noneMatch(name -> name.matches("sha256-[0-9a-f]{64}\\.sig"));

    // the causes are what really happened: registry events of the same GUN, pushes for a push
    Map<String, DecodedEvent> registryEvents = new HashMap<>();
    pipeline
        .kafka()
        .readAll(Topics.REGISTRY_EVENTS, Duration.ofMillis(500))
        .forEach(
            r -> {
              DecodedEvent event = CODEC.decode(r.value());
              registryEvents.put(event.id(), event);
            });
    // ... and they did come back: the registry notified TrustPipe of its own .sig pushes
    assertThat(registryEvents.values())
        .filteredOn(e -> e instanceof DecodedEvent.ImagePushedEvent)
        .map(e -> ((DecodedEvent.ImagePushedEvent) e).event().data().tag())
        .anyMatch(tag -> tag != null && tag.matches("sha256-[0-9a-f]{64}\\.sig"));
    for (CloudEvent<TrustChanged> change : changes.values()) {
      TrustChanged data = change.data();
      if (data.cause() == ChangeCause.ROTATION) {
        // a rotation's files are caused by its key.rotated.v1, of the same GUN
        assertThat(data.causeEventIds())
            .as("causes of %s", change.id())
            .singleElement()
            .satisfies(
                id -> {
                  assertThat(rotations).containsKey(id);
                  assertThat(rotations.get(id).data().gun()).isEqualTo(data.gun());
                });
        continue;
      }
      List<DecodedEvent> causes = data.causeEventIds().stream().map(registryEvents::get).toList();
      assertThat(causes).as("causes of %s", change.id()).doesNotContainNull();
      assertThat(causes)
          .as("causes of %s", change.id())
          .allSatisfy(c -> assertThat(c.event().subject()).isEqualTo(data.gun()));
      switch (data.cause()) {
        case PUSH ->
            assertThat(causes).hasAtLeastOneElementOfType(DecodedEvent.ImagePushedEvent.class);
        case DELETE -> assertThat(causes).allMatch(c -> c instanceof DecodedEvent.TagDeletedEvent);
        case CREATION -> assertThat(causes).hasSize(1);
        default -> {}
      }
    }
    for (CloudEvent<EventRejected> rejection : rejected.values()) {
      DecodedEvent cause = registryEvents.get(rejection.data().originalEventId());
      assertThat(cause).as("cause of %s", rejection.id()).isNotNull();
      assertThat(cause.event().subject()).isEqualTo(rejection.data().gun());
    }

    JsonNode verified = verifiedLog();
    assertThat(verified.path("entries").asLong()).isEqualTo(expected.size());

    // replay: a third of the trust changes and every rejection once more, as Kafka redelivers
    long size = audit.size();
    String head = audit.get(size).orElseThrow().storedEntryHash();
    List<ConsumerRecord<String, byte[]>> replayed = new ArrayList<>(rejectionRecords);
    for (int i = 0; i < changeRecords.size(); i += 3) {
      replayed.add(changeRecords.get(i));
    }
    replayed.forEach(r -> pipeline.kafka().send(r.topic(), r.key(), r.value()));
    await().atMost(Duration.ofSeconds(30)).until(pipeline::auditCaughtUp);
    assertThat(audit.size())
        .as("entries after replaying %d events", replayed.size())
        .isEqualTo(size);
    assertThat(audit.get(size).orElseThrow().storedEntryHash()).isEqualTo(head);
    assertThat(verifiedLog().path("rootHash").asText())
        .isEqualTo(verified.path("rootHash").asText());
  }

  /** The audit API's {@code verify} of the whole log and its signed checkpoints, which passed. */
  private JsonNode verifiedLog() throws Exception {
    HttpResponse<String> response = pipeline.audit().get("/api/v1/audit/verify");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode verified = JSON.readTree(response.body());
    assertThat(verified.path("ok").asBoolean()).as(verified.toString()).isTrue();
    return verified;
  }

  /** What the audit log records of an event, compared by event id. */
  private record Audited(
      String action, String gun, String role, Integer version, String sha256, List<String> causes) {
    static Audited of(TrustChanged change) {
      return new Audited(
          change.cause().name().toLowerCase(Locale.ROOT).replace('_', '-'),
          change.gun(),
          change.role(),
          change.version(),
          change.sha256(),
          change.causeEventIds());
    }

    static Audited of(EventRejected rejection) {
      return new Audited(
          AuditEventMapper.ACTION_REJECTED,
          rejection.gun(),
          null,
          null,
          null,
          rejection.originalEventId() == null ? List.of() : List.of(rejection.originalEventId()));
    }

    static Audited of(KeyRotated rotation) {
      return new Audited(
          AuditEventMapper.ACTION_KEY_ROTATION,
          rotation.gun(),
          rotation.role(),
          null,
          null,
          List.of());
    }

    static Audited of(StoredEntry stored) {
      var e = stored.entry();
      return new Audited(
          e.action(), e.gun(), e.role(), e.version(), e.metadataSha256(), e.causeEventIds());
    }
  }

  /**
   * Every role's versions are 1..n without a gap, each (tag, digest) was signed in exactly one
   * version (nothing signed twice), and every delegation version changes what is signed.
   */
  private void assertChainsClean(String gun) {
    assertChainsClean(gun, true);
  }

  /**
   * @param everyVersionChanges false where deletes are involved: a tag delete that arrives after
   *     the delete by digest already removed the tag still makes a new (identical) delegation
   *     version
   */
  private void assertChainsClean(String gun, boolean everyVersionChanges) {
    store
        .versions(gun)
        .forEach(
            (role, versions) ->
                assertThat(versions)
                    .as("%s %s versions", gun, role)
                    .isEqualTo(IntStream.rangeClosed(1, versions.size()).boxed().toList()));
    List<Release> releases = store.releases(gun);
    Map<String, Integer> signings = new HashMap<>();
    for (int i = 1; i < releases.size(); i++) {
      Map<String, Signed> before = releases.get(i - 1).targets();
      Map<String, Signed> after = releases.get(i).targets();
      if (everyVersionChanges) {
        assertThat(after).as("%s version %d changes nothing", gun, i + 1).isNotEqualTo(before);
      }
      after.forEach(
          (tag, target) -> {
            if (!target.equals(before.get(tag))) {
              signings.merge(tag + "@" + target.digestHex(), 1, Integer::sum);
            }
          });
    }
    assertThat(signings)
        .as("%s: signings per tag@digest", gun)
        .allSatisfy((k, n) -> assertThat(n).isOne());
  }

  /**
   * Waits until the trust store signs exactly {@code expected} for each GUN; on time-out, fails
   * with what was rejected for those GUNs (the {@code event.rejected.v1} reasons), so a failure
   * explains itself.
   */
  private void awaitSigned(Map<String, Map<String, Pushed>> expected, Duration within) {
    try {
      await()
          .atMost(within)
          .pollInterval(Duration.ofMillis(250))
          .until(
              () ->
                  expected.entrySet().stream()
                      .allMatch(g -> store.current(g.getKey()).equals(signed(g.getValue()))));
    } catch (ConditionTimeoutException e) {
      List<String> missing = new ArrayList<>();
      expected.forEach(
          (gun, tags) -> {
            Map<String, Signed> current = store.current(gun);
            signed(tags)
                .forEach(
                    (tag, target) -> {
                      if (!target.equals(current.get(tag))) {
                        missing.add(gun + ":" + tag);
                      }
                    });
          });
      List<String> reasons =
          rejections().stream()
              .filter(r -> expected.containsKey(r.gun()))
              .map(EventRejected::reason)
              .toList();
      throw new AssertionError(
          "not signed within "
              + within
              + ": "
              + missing
              + "; event.rejected.v1 for these repositories: "
              + reasons,
          e);
    }
  }

  /** What {@code notary list} shows for {@code gun}, as tag -> (digest, size). */
  private Map<String, Signed> listed(String gun) throws Exception {
    Map<String, Signed> listed = new LinkedHashMap<>();
    for (NotaryCli.ListedTarget target : pipeline.notary().list(gun)) {
      assertThat(target.role()).isEqualTo(TrustChains.RELEASES);
      listed.put(target.name(), new Signed(target.digestHex(), target.size()));
    }
    return listed;
  }

  private static Map<String, Signed> signed(Map<String, Pushed> tags) {
    Map<String, Signed> signed = new LinkedHashMap<>();
    tags.forEach((tag, pushed) -> signed.put(tag, new Signed(pushed.hex(), pushed.size())));
    return signed;
  }

  private List<EventRejected> rejections() {
    List<EventRejected> rejections = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> record :
        pipeline.kafka().readAll(Topics.DEAD_LETTER, Duration.ofMillis(500))) {
      DecodedEvent event = CODEC.decode(record.value());
      if (event.data() instanceof EventRejected rejected) {
        rejections.add(rejected);
      }
    }
    return rejections;
  }

  /** A Distribution push notification as the registry would send it, with the right secret. */
  private HttpResponse<String> postDistributionPush(
      String host, String repository, String tag, String digest, long size) throws Exception {
    String body =
        """
        {"events":[{"id":"forged-%s","timestamp":"2026-11-23T12:00:00Z","action":"push",
          "target":{"mediaType":"application/vnd.docker.distribution.manifest.v2+json",
            "size":%d,"digest":"%s","length":%d,"repository":"%s",
            "url":"http://%s/v2/%s/manifests/%s","tag":"%s"},
          "request":{"id":"r1","addr":"127.0.0.1:1","host":"%s","method":"PUT",
            "useragent":"e2e"},
          "actor":{},"source":{"addr":"e2e:5000","instanceID":"e2e"}}]}
        """
            .formatted(tag, size, digest, size, repository, host, repository, digest, tag, host);
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(pipeline.webhookUrl()))
                .header("Authorization", "Bearer " + pipeline.secret())
                .header("Content-Type", "application/vnd.docker.distribution.events.v1+json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  /** trustpipe_ingest_webhooks_rejected_total{reason="unauthenticated",source="distribution"}. */
  private double refusedWebhooks() throws Exception {
    String metrics =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(pipeline.ingestUrl("/actuator/prometheus")))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    Matcher matcher =
        Pattern.compile(
                Pattern.quote(
                        "trustpipe_ingest_webhooks_rejected_total{reason=\"unauthenticated\","
                            + "source=\"distribution\"}")
                    + " ([0-9.E]+)")
            .matcher(metrics);
    return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
  }
}
