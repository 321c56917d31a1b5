package dev.trustpipe.signing.e2e;

import static dev.trustpipe.signing.support.RegistryEvents.CODEC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trustpipe.contracts.ChangeCause;
import dev.trustpipe.contracts.DecodedEvent;
import dev.trustpipe.contracts.DigestResolution;
import dev.trustpipe.contracts.Topics;
import dev.trustpipe.contracts.TrustChanged;
import dev.trustpipe.signing.oci.OciPolicyCli;
import dev.trustpipe.signing.support.CommandLine;
import dev.trustpipe.signing.support.EmbeddedKafka;
import dev.trustpipe.signing.support.RealSigstoreVerifiers;
import dev.trustpipe.signing.support.RealSigstoreVerifiers.Run;
import dev.trustpipe.signing.support.RegistryEvents;
import dev.trustpipe.signing.support.SigningServiceRunner;
import dev.trustpipe.signing.support.TestPostgres;
import dev.trustpipe.signing.support.TestRegistry;
import dev.trustpipe.signing.support.TestRegistry.Pushed;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The bridge off DCT end to end: the real signing-service signs pushes to the real Distribution
 * registry, and the real verifiers decide: Debian 13's skopeo with the policy {@code ./trustpipe
 * oci-policy} prints ({@link OciPolicyCli}, run here in-process against the service), pulling by
 * tag and by digest ({@code --all} for an index), and {@code cosign verify --key} with the
 * published key. Another key, or an image TrustPipe did not sign, is refused. Subclasses choose the
 * custody backend.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class OciSignatureScenarios {
  private static final String REPOSITORY = "demo/app";
  private static final ObjectMapper JSON = new ObjectMapper();

  private Path home;
  private Path scratch;
  private TestRegistry registry;
  private EmbeddedKafka kafka;
  private TestPostgres database;
  private SigningServiceRunner service;
  private RealSigstoreVerifiers verifiers;
  private String gun;
  private Path policy;
  private Path publicKey;
  private final Map<String, Pushed> pushed = new HashMap<>();
  private int eventCount;

  /** Custody settings of the signing-service, and a name for its database. */
  abstract Map<String, Object> custody() throws Exception;

  abstract String databasePrefix();

  @BeforeAll
  void start() throws Exception {
    // created here, not by @TempDir: these must exist before @BeforeAll in a per-class lifecycle
    scratch = Files.createTempDirectory("trustpipe-oci-");
    home = scratch.resolve("home");
    verifiers = RealSigstoreVerifiers.get();
    registry = TestRegistry.start(scratch.resolve("registry"));
    kafka = new EmbeddedKafka(3);
    database = TestPostgres.create(databasePrefix());
    Map<String, Object> settings = new HashMap<>(custody());
    settings.put("trustpipe.registry.confirm", true);
    settings.put("trustpipe.oci.signatures", true);
    service = SigningServiceRunner.start(kafka, database, home, settings);
    gun = registry.host() + "/" + REPOSITORY;

    policy = scratch.resolve("policy");
    String written = ociPolicy("--output", policy.toString(), gun);
    assertThat(written).contains("policy.json");
    publicKey = scratch.resolve("trustpipe.pub");
    Files.writeString(publicKey, get("/api/v1/oci/public-key?gun=" + gun));
  }

  @AfterAll
  void stop() throws Exception {
    for (AutoCloseable part : new AutoCloseable[] {service, kafka, database, registry}) {
      if (part != null) {
        part.close();
      }
    }
    if (scratch != null) {
      try (var files = Files.walk(scratch)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Test
  @Order(1)
  void ociSchema2AndIndexPushesAreVerifiedByTheRealSkopeoAndCosign() throws Exception {
    pushed.put("oci", registry.pushOci(REPOSITORY, "oci"));
    pushed.put("docker", registry.pushDocker(REPOSITORY, "docker"));
    pushed.put("multi", registry.pushOciIndex(REPOSITORY, "multi"));
    for (String tag : List.of("oci", "docker", "multi")) {
      send(tag, pushed.get(tag));
    }
    for (String tag : List.of("oci", "docker", "multi")) {
      awaitSignatures(pushed.get(tag), 1);
    }

    for (String tag : List.of("oci", "docker")) {
      assertAccepted(verifiers.skopeoCopy(policy, gun + ":" + tag, false, scratch));
      assertAccepted(
          verifiers.skopeoCopy(policy, gun + "@" + pushed.get(tag).digest(), false, scratch));
      assertAccepted(verifiers.cosignVerify(publicKey, gun + ":" + tag));
    }
    // skopeo checks every platform manifest of an index: each child is signed, and so is the index
    assertAccepted(verifiers.skopeoCopy(policy, gun + ":multi", true, scratch));
    assertAccepted(verifiers.skopeoCopy(policy, gun + ":multi", false, scratch));
    assertAccepted(
        verifiers.skopeoCopy(policy, gun + "@" + pushed.get("multi").digest(), true, scratch));
    assertAccepted(verifiers.cosignVerify(publicKey, gun + ":multi"));
  }

  @Test
  @Order(2)
  void anotherKeyOrAnImageTrustPipeDidNotSignIsRefused() throws Exception {
    Path otherPolicy = scratch.resolve("other-policy");
    Files.createDirectories(otherPolicy);
    Files.writeString(
        otherPolicy.resolve("policy.json"),
        Files.readString(policy.resolve("policy.json"))
            .replaceAll("\"keyData\" : \"[^\"]+\"", "\"keyData\" : \"" + otherKeyData() + "\""));
    Files.createDirectories(otherPolicy.resolve("registries.d"));
    Files.copy(
        policy.resolve("registries.d/trustpipe.yaml"),
        otherPolicy.resolve("registries.d/trustpipe.yaml"));
    Path otherKey = scratch.resolve("other.pub");
    Files.writeString(otherKey, otherPem);

    Run otherSkopeo = verifiers.skopeoCopy(otherPolicy, gun + ":oci", false, scratch);
    assertThat(otherSkopeo.accepted()).as(otherSkopeo.output()).isFalse();
    assertThat(otherSkopeo.output()).contains("signature");
    Run otherCosign = verifiers.cosignVerify(otherKey, gun + ":oci");
    assertThat(otherCosign.accepted()).as(otherCosign.output()).isFalse();

    registry.pushOci(REPOSITORY, "unsigned"); // no event: TrustPipe never hears of it
    Run unsigned = verifiers.skopeoCopy(policy, gun + ":unsigned", false, scratch);
    assertThat(unsigned.accepted()).as(unsigned.output()).isFalse();
    assertThat(unsigned.output()).contains("no signature exists");
    Run unsignedCosign = verifiers.cosignVerify(publicKey, gun + ":unsigned");
    assertThat(unsignedCosign.accepted()).as(unsignedCosign.output()).isFalse();
  }

  @Test
  @Order(3)
  void aSecondTagAddsItsOwnPayloadAndAMovedTagSignsTheNewImage() throws Exception {
    Pushed oci = pushed.get("oci");
    registry.tag(REPOSITORY, oci, "stable");
    send("stable", oci);
    awaitSignatures(oci, 2);
    assertAccepted(verifiers.skopeoCopy(policy, gun + ":stable", false, scratch));

    Pushed moved = registry.pushOci(REPOSITORY, "oci");
    send("oci", moved);
    awaitSignatures(moved, 1);
    assertAccepted(verifiers.skopeoCopy(policy, gun + ":oci", false, scratch));
    assertThat(layers(oci)).hasSize(2); // the old image keeps its signatures
  }

  @Test
  @Order(4)
  void replayingEveryWebhookAndEveryTrustChangeAddsNoLayerAndNoNewEvent() throws Exception {
    Map<String, Integer> before = new HashMap<>();
    for (Pushed image : pushed.values()) {
      before.put(image.digest(), layers(image).size());
    }
    List<ConsumerRecord<String, byte[]>> changes =
        kafka.readAll(Topics.TRUST_CHANGES, Duration.ofSeconds(1));
    Set<String> ociIds = ociSignatureIds(changes);
    int ociRecords = ociRecords(changes);
    assertThat(ociIds).isNotEmpty();

    // the webhooks again, twice: deduplicated by event id before anything is signed
    for (ConsumerRecord<String, byte[]> event :
        kafka.readAll(Topics.REGISTRY_EVENTS, Duration.ofSeconds(1))) {
      kafka.send(Topics.REGISTRY_EVENTS, event.key(), event.value());
      kafka.send(Topics.REGISTRY_EVENTS, event.key(), event.value());
    }
    // the pushes' trust changes again: the OCI signer sees each one a second time
    int replayedPushes = 0;
    for (ConsumerRecord<String, byte[]> change : changes) {
      DecodedEvent decoded = CODEC.decode(change.value());
      if (decoded.data() instanceof TrustChanged c && c.cause() == ChangeCause.PUSH) {
        kafka.send(Topics.TRUST_CHANGES, change.key(), change.value());
        replayedPushes++;
      }
    }
    assertThat(replayedPushes).isPositive();

    // each replayed push reports its signatures again, under the same event ids
    await()
        .atMost(2, TimeUnit.MINUTES)
        .untilAsserted(
            () ->
                assertThat(ociRecords(kafka.readAll(Topics.TRUST_CHANGES, Duration.ofMillis(300))))
                    .isEqualTo(2 * ociRecords));
    List<ConsumerRecord<String, byte[]>> after =
        kafka.readAll(Topics.TRUST_CHANGES, Duration.ofSeconds(1));
    assertThat(ociSignatureIds(after)).isEqualTo(ociIds);
    for (Pushed image : pushed.values()) {
      assertThat(layers(image)).as(image.digest()).hasSize(before.get(image.digest()));
    }
  }

  private void send(String tag, Pushed image) {
    String id = "oci-" + (++eventCount);
    kafka.send(
        Topics.REGISTRY_EVENTS,
        gun,
        CODEC.encode(
            RegistryEvents.push(
                gun,
                registry.host(),
                REPOSITORY,
                tag,
                image.digest(),
                DigestResolution.REPORTED,
                image.size(),
                id)));
  }

  private void awaitSignatures(Pushed image, int count) {
    await()
        .atMost(2, TimeUnit.MINUTES)
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(() -> assertThat(layers(image)).hasSize(count));
  }

  private List<JsonNode> layers(Pushed image) throws Exception {
    String tag = "sha256-" + image.hex() + ".sig";
    return registry
        .manifest(REPOSITORY, tag)
        .map(
            m -> {
              try {
                JsonNode manifest = JSON.readTree(m);
                assertThat(manifest.path("mediaType").asText())
                    .isEqualTo("application/vnd.oci.image.manifest.v1+json");
                return (List<JsonNode>)
                    JSON.convertValue(manifest.get("layers"), List.class).stream()
                        .map(JSON::valueToTree)
                        .map(JsonNode.class::cast)
                        .toList();
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            })
        .orElse(List.of());
  }

  private static Set<String> ociSignatureIds(List<ConsumerRecord<String, byte[]>> records) {
    return records.stream()
        .map(r -> CODEC.decode(r.value()))
        .filter(d -> d.data() instanceof TrustChanged c && c.cause() == ChangeCause.OCI_SIGNATURE)
        .map(DecodedEvent::id)
        .collect(Collectors.toSet());
  }

  private static int ociRecords(List<ConsumerRecord<String, byte[]>> records) {
    return (int)
        records.stream()
            .map(r -> CODEC.decode(r.value()))
            .filter(
                d -> d.data() instanceof TrustChanged c && c.cause() == ChangeCause.OCI_SIGNATURE)
            .count();
  }

  private static void assertAccepted(Run run) {
    assertThat(run.accepted()).as(run.output()).isTrue();
  }

  private String ociPolicy(String... args) {
    return CommandLine.run(OciPolicyCli::run, service.notaryUrl(), home.toString(), args);
  }

  private String get(String path) throws Exception {
    var http =
        java.net.http.HttpClient.newBuilder()
            .sslContext(
                dev.trustpipe.signing.support.NotaryHttp.trusting(
                    (java.security.cert.X509Certificate)
                        java.security.cert.CertificateFactory.getInstance("X.509")
                            .generateCertificate(Files.newInputStream(home.resolve("tls/ca.crt")))))
            .build();
    var response =
        http.send(
            java.net.http.HttpRequest.newBuilder(java.net.URI.create(service.notaryUrl() + path))
                .build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/x-pem-file"));
    return response.body();
  }

  private String otherPem;

  private String otherKeyData() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    otherPem =
        dev.trustpipe.signing.oci.OciSigningKeys.pem(generator.generateKeyPair().getPublic());
    return java.util.Base64.getEncoder()
        .encodeToString(otherPem.getBytes(StandardCharsets.US_ASCII));
  }
}
