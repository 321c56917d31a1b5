package dev.trustpipe.ingest.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.trustpipe.contracts.DecodedEvent;
import dev.trustpipe.contracts.EventCodec;
import dev.trustpipe.contracts.EventIds;
import dev.trustpipe.contracts.ImagePushed;
import dev.trustpipe.contracts.TagDeleted;
import dev.trustpipe.contracts.Topics;
import dev.trustpipe.ingest.adapter.AcrAdapter;
import dev.trustpipe.ingest.adapter.ArtifactoryAdapter;
import dev.trustpipe.ingest.adapter.DistributionAdapter;
import dev.trustpipe.ingest.adapter.DockerHubAdapter;
import dev.trustpipe.ingest.adapter.EcrAdapter;
import dev.trustpipe.ingest.adapter.GarAdapter;
import dev.trustpipe.ingest.adapter.GitHubAdapter;
import dev.trustpipe.ingest.adapter.HarborAdapter;
import dev.trustpipe.ingest.adapter.QuayAdapter;
import dev.trustpipe.ingest.adapter.RegistryEvent;
import dev.trustpipe.ingest.adapter.WebhookAdapter;
import dev.trustpipe.ingest.adapter.WebhookHeaders;
import dev.trustpipe.ingest.support.Deliveries;
import dev.trustpipe.ingest.support.Deliveries.Delivery;
import dev.trustpipe.ingest.support.EmbeddedKafka;
import dev.trustpipe.ingest.support.Fixtures;
import dev.trustpipe.ingest.support.Http;
import dev.trustpipe.ingest.support.IngestServiceRunner;
import dev.trustpipe.ingest.support.Parsing;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The real application on a real in-JVM Kafka broker: what goes in as a webhook is exactly what
 * lands on {@code trustpipe.registry.events}, and bad or unauthenticated input lands nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebhookEndpointTest {
  private static final String SECRET = IngestServiceRunner.SECRET;
  private static final EventCodec CODEC = new EventCodec();
  private static final JsonMapper JSON = new JsonMapper();

  @TempDir static Path home;

  private final EmbeddedKafka kafka = EmbeddedKafka.shared();
  private IngestServiceRunner service;
  private Map<TopicPartition, Long> before;

  @BeforeAll
  void startService() {
    service =
        IngestServiceRunner.start(
            kafka.bootstrapServers(),
            home,
            Map.of(
                "trustpipe.ingest.sources.github.secret",
                Deliveries.GITHUB_SECRET,
                "trustpipe.ingest.sources.github.methods",
                "hmac-sha256"));
  }

  @AfterAll
  void stopService() {
    service.close();
  }

  @BeforeEach
  void noteOffsets() {
    before = kafka.endOffsets(Topics.REGISTRY_EVENTS);
  }

  private List<ConsumerRecord<String, byte[]>> produced() {
    return kafka.readSince(Topics.REGISTRY_EVENTS, before);
  }

  private HttpResponse<String> send(Delivery delivery) {
    return Http.post(
        service.url(Deliveries.path(delivery)), Deliveries.headers(delivery), delivery.body());
  }

  private HttpResponse<String> post(String source, Map<String, String> headers, byte[] body) {
    return Http.post(service.url("/webhooks/" + source), headers, body);
  }

  static Stream<Delivery> deliveries() {
    return Deliveries.all(SECRET).stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("deliveries")
  void everyFixtureProducesExactlyItsEventsKeyedByGun(Delivery delivery) throws Exception {
    HttpResponse<String> response = send(delivery);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    List<RegistryEvent> expected = expectedEvents(delivery);
    List<ConsumerRecord<String, byte[]>> records = produced();
    assertThat(records).hasSameSizeAs(expected);
    JsonNode summary = JSON.readTree(response.body());
    assertThat(summary.get("produced").asInt()).isEqualTo(expected.size());
    // one GUN per fixture, so one partition: Kafka keeps the delivery's order
    for (int i = 0; i < expected.size(); i++) {
      RegistryEvent want = expected.get(i);
      ConsumerRecord<String, byte[]> record = records.get(i);
      String gun =
          (want.host().equals("127.0.0.1:5000") ? "localhost:5000" : want.host())
              + "/"
              + want.repository();
      assertThat(record.key()).isEqualTo(gun);
      assertThat(
              new String(
                  record.headers().lastHeader("content-type").value(), StandardCharsets.UTF_8))
          .isEqualTo("application/cloudevents+json");
      DecodedEvent decoded = CODEC.decode(record.value());
      assertThat(decoded.event().subject()).isEqualTo(gun);
      assertThat(decoded.event().source()).isEqualTo("/trustpipe/ingest-service");
      Object data = decoded.data();
      String registryEventId =
          data instanceof ImagePushed p
              ? p.registryEventId()
              : ((TagDeleted) data).registryEventId();
      if (!(delivery.receiptTimed() && want.eventId().synthetic())) {
        assertThat(registryEventId).isEqualTo(want.eventId().value());
      }
      assertThat(decoded.id())
          .isEqualTo(EventIds.forRegistryEvent(want.source(), want.host(), registryEventId))
          .isEqualTo(summary.get("eventIds").get(i).asText());
      Object wanted = want.toData(gun);
      if (delivery.receiptTimed()) {
        // receipt time and the key derived from it are the service's, not the test's clock
        data = withoutReceipt(data);
        wanted = withoutReceipt(wanted);
      }
      assertThat(data).isEqualTo(wanted);
    }
  }

  @Test
  void aRedeliveryProducesTheSameEventId() throws Exception {
    Delivery push = Deliveries.captured("03-captures-003.txt");
    assertThat(send(push).statusCode()).isEqualTo(200);
    assertThat(send(push).statusCode()).isEqualTo(200);

    List<ConsumerRecord<String, byte[]>> records = produced();
    assertThat(records).hasSize(2);
    assertThat(CODEC.decode(records.get(0).value()).id())
        .isEqualTo(CODEC.decode(records.get(1).value()).id())
        .isEqualTo(
            EventIds.forRegistryEvent(
                "distribution", "127.0.0.1:5000", "aa0de4ac-84c1-4aad-997c-a9364f42ce40"));
  }

  @Test
  void anEnvelopeOfSeveralEventsProducesOnlyTheManifestEvents() throws Exception {
    String blob = eventOf("01-captures-001.txt");
    String manifest = eventOf("03-captures-003.txt");
    String pull = eventOf("04-captures-004.txt");
    String index = eventOf("13-captures-013.txt");
    byte[] envelope =
        ("{\"events\":[" + blob + "," + manifest + "," + pull + "," + index + "]}")
            .getBytes(StandardCharsets.UTF_8);

    HttpResponse<String> response = post("distribution", distributionHeaders(SECRET), envelope);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(response.body()).get("ignored").asInt()).isEqualTo(2);
    assertThat(produced())
        .extracting(r -> ((ImagePushed) CODEC.decode(r.value()).data()).tag())
        .containsExactlyInAnyOrder("v1", "v2");
  }

  @Test
  void aWrongSecretIs401AndProducesNothing() throws Exception {
    HttpResponse<String> response =
        send(Deliveries.withBearer(Deliveries.captured("03-captures-003.txt"), "not-the-secret"));

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate")).isPresent();
    assertThat(error(response)).isEqualTo("unauthenticated");
    assertThat(response.body()).doesNotContain(SECRET).doesNotContain("not-the-secret");
    assertThat(produced()).isEmpty();
  }

  @Test
  void noCredentialIs401() {
    Map<String, String> headers = new HashMap<>(distributionHeaders(SECRET));
    headers.remove("Authorization");
    assertThat(post("distribution", headers, capturedBody("03-captures-003.txt")).statusCode())
        .isEqualTo(401);
    assertThat(produced()).isEmpty();
  }

  @Test
  void theTokenInTheUrlAuthenticatesToo() {
    Map<String, String> headers = new HashMap<>(distributionHeaders(SECRET));
    headers.remove("Authorization");
    HttpResponse<String> wrong =
        Http.post(
            service.url("/webhooks/distribution?token=wrong"),
            headers,
            capturedBody("03-captures-003.txt"));
    HttpResponse<String> right =
        Http.post(
            service.url("/webhooks/distribution?token=" + SECRET),
            headers,
            capturedBody("03-captures-003.txt"));

    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(right.statusCode()).isEqualTo(200);
    assertThat(produced()).hasSize(1);
  }

  @Test
  void aGitHubDeliveryWithABadSignatureIs401() {
    Delivery signed =
        Deliveries.all(SECRET).stream()
            .filter(d -> d.source().equals("github"))
            .findFirst()
            .orElseThrow();
    Map<String, String> headers = new LinkedHashMap<>(signed.headers());
    headers.put("X-Hub-Signature-256", "sha256=" + "0".repeat(64));
    Map<String, String> bearerOnly = new LinkedHashMap<>(signed.headers());
    bearerOnly.remove("X-Hub-Signature-256");
    bearerOnly.put("Authorization", "Bearer " + Deliveries.GITHUB_SECRET);
    byte[] tampered =
        new String(signed.body(), StandardCharsets.UTF_8)
            .replace("v2.0.0", "v6.6.6")
            .getBytes(StandardCharsets.UTF_8);

    assertThat(post("github", headers, signed.body()).statusCode()).isEqualTo(401);
    assertThat(post("github", signed.headers(), tampered).statusCode()).isEqualTo(401);
    // the source accepts only the signature, so the bare secret is not enough
    assertThat(post("github", bearerOnly, signed.body()).statusCode()).isEqualTo(401);
    assertThat(produced()).isEmpty();
  }

  @Test
  void malformedJsonIs400() throws Exception {
    HttpResponse<String> response =
        post(
            "distribution",
            distributionHeaders(SECRET),
            "{\"events\":[".getBytes(StandardCharsets.UTF_8));
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(error(response)).isEqualTo("malformed-json");
    assertThat(produced()).isEmpty();
  }

  @Test
  void aWrongContentTypeIs415() throws Exception {
    Map<String, String> headers = new HashMap<>(distributionHeaders(SECRET));
    headers.put("Content-Type", "text/plain");
    HttpResponse<String> response =
        post("distribution", headers, capturedBody("03-captures-003.txt"));
    assertThat(response.statusCode()).isEqualTo(415);
    assertThat(error(response)).isEqualTo("unsupported-media-type");
    assertThat(produced()).isEmpty();
  }

  @Test
  void aBodyOverOneMebibyteIs413() throws Exception {
    byte[] body = new byte[1024 * 1024 + 1];
    java.util.Arrays.fill(body, (byte) ' ');
    HttpResponse<String> response = post("distribution", distributionHeaders(SECRET), body);
    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(error(response)).isEqualTo("body-too-large");
    assertThat(produced()).isEmpty();
  }

  @Test
  void anUnknownSourceIs404() throws Exception {
    HttpResponse<String> response =
        post("nexus", distributionHeaders(SECRET), capturedBody("03-captures-003.txt"));
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(error(response)).isEqualTo("unknown-source");
    assertThat(produced()).isEmpty();
  }

  @Test
  void anInvalidDigestOrRepositoryIs400AndProducesNothingOfTheDelivery() throws Exception {
    String valid = eventOf("03-captures-003.txt");
    String shortDigest = valid.replace("d7acd98\"", "\"");
    String upperCase = valid.replace("\"demo/app\"", "\"Demo/App\"");
    for (String bad : List.of(shortDigest, upperCase)) {
      // the valid event first: it must not be produced either
      byte[] envelope =
          ("{\"events\":[" + valid + "," + bad + "]}").getBytes(StandardCharsets.UTF_8);
      HttpResponse<String> response = post("distribution", distributionHeaders(SECRET), envelope);
      assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
      assertThat(error(response)).isEqualTo("invalid-payload");
    }
    assertThat(produced()).isEmpty();
  }

  @Test
  void eventGridValidationIsEchoed() throws Exception {
    byte[] validation =
        "[{\"id\":\"1\",\"eventType\":\"Microsoft.EventGrid.SubscriptionValidationEvent\",\"data\":{\"validationCode\":\"abc-123\"}}]"
            .getBytes(StandardCharsets.UTF_8);
    HttpResponse<String> response =
        Http.post(
            service.url("/webhooks/acr?token=" + SECRET),
            Map.of("Content-Type", "application/json"),
            validation);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(response.body()).get("validationResponse").asText())
        .isEqualTo("abc-123");
    assertThat(produced()).isEmpty();
  }

  @Test
  void metricsCountPerSource() {
    send(Deliveries.captured("03-captures-003.txt"));
    send(Deliveries.captured("01-captures-001.txt"));
    send(Deliveries.withBearer(Deliveries.captured("03-captures-003.txt"), "wrong"));

    String metrics = Http.get(service.url("/actuator/prometheus")).body();
    assertThat(metrics)
        .contains("trustpipe_ingest_webhooks_received_total{source=\"distribution\"}")
        .contains(
            "trustpipe_ingest_events_produced_total{source=\"distribution\",type=\"dev.trustpipe.image.pushed.v1\"}")
        .contains("trustpipe_ingest_events_ignored_total{reason=\"blob\",source=\"distribution\"}")
        .contains(
            "trustpipe_ingest_webhooks_rejected_total{reason=\"unauthenticated\",source=\"distribution\"}")
        .contains(
            "trustpipe_ingest_webhooks_latency_seconds_bucket{outcome=\"accepted\",source=\"distribution\"");
  }

  @Test
  void readyWhenKafkaAnswers() throws Exception {
    HttpResponse<String> readiness = Http.get(service.url("/actuator/health/readiness"));
    assertThat(readiness.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(readiness.body()).get("status").asText()).isEqualTo("UP");
    assertThat(Http.get(service.url("/actuator/health/liveness")).statusCode()).isEqualTo(200);
  }

  private static String error(HttpResponse<String> response) throws Exception {
    assertThat(response.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/json");
    return JSON.readTree(response.body()).get("error").asText();
  }

  private static Map<String, String> distributionHeaders(String secret) {
    return Map.of(
        "Content-Type",
        "application/vnd.docker.distribution.events.v1+json",
        "Authorization",
        "Bearer " + secret);
  }

  private static byte[] capturedBody(String file) {
    return Fixtures.captured(file).body();
  }

  /** The one event of a capture, as JSON text. */
  private static String eventOf(String file) throws Exception {
    return JSON.readTree(capturedBody(file)).get("events").get(0).toString();
  }

  /** What the adapter makes of the delivery, as the service must have produced it. */
  private static List<RegistryEvent> expectedEvents(Delivery delivery) {
    WebhookAdapter adapter =
        switch (delivery.source()) {
          case "distribution" -> new DistributionAdapter("distribution");
          case "gitlab" -> new DistributionAdapter("gitlab");
          case "harbor" -> new HarborAdapter();
          case "dockerhub" -> new DockerHubAdapter();
          case "quay" -> new QuayAdapter(Parsing.CLOCK);
          case "acr" -> new AcrAdapter();
          case "github" -> new GitHubAdapter(Parsing.CLOCK);
          case "artifactory" -> new ArtifactoryAdapter(Parsing.CLOCK);
          case "ecr" -> new EcrAdapter();
          case "gar" -> new GarAdapter();
          default -> throw new IllegalArgumentException(delivery.source());
        };
    Map<String, List<String>> headers = new HashMap<>();
    delivery.headers().forEach((name, value) -> headers.put(name, List.of(value)));
    return new ArrayList<>(adapter.parse(delivery.body(), WebhookHeaders.of(headers)).events());
  }

  /** The data with its receipt time, and the synthetic key made from it, blanked. */
  private static Object withoutReceipt(Object data) {
    java.time.Instant epoch = java.time.Instant.EPOCH;
    if (data instanceof ImagePushed p) {
      String id = p.registryEventId().startsWith("synthetic:") ? "synthetic" : p.registryEventId();
      return new ImagePushed(
          p.gun(),
          p.registryHost(),
          p.repository(),
          p.tag(),
          p.digest(),
          p.digestResolution(),
          p.mediaType(),
          p.size(),
          p.actor(),
          p.source(),
          id,
          epoch);
    }
    TagDeleted d = (TagDeleted) data;
    String id = d.registryEventId().startsWith("synthetic:") ? "synthetic" : d.registryEventId();
    return new TagDeleted(
        d.gun(),
        d.registryHost(),
        d.repository(),
        d.tag(),
        d.digest(),
        d.actor(),
        d.source(),
        id,
        epoch);
  }
}
