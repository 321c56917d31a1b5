package dev.trustpipe.ingest.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.trustpipe.contracts.EventCodec;
import dev.trustpipe.contracts.EventIds;
import dev.trustpipe.contracts.Topics;
import dev.trustpipe.ingest.support.Deliveries;
import dev.trustpipe.ingest.support.Deliveries.Delivery;
import dev.trustpipe.ingest.support.EmbeddedKafka;
import dev.trustpipe.ingest.support.Http;
import dev.trustpipe.ingest.support.IngestServiceRunner;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With Kafka stopped, webhooks get 503 within the configured bound and nothing is lost: once Kafka
 * is back, the registry's retry of the same delivery is accepted and produced.
 */
class KafkaOutageTest {
  private static final EventCodec CODEC = new EventCodec();
  private static final JsonMapper JSON = new JsonMapper();

  @TempDir Path home;

  private static HttpResponse<String> send(IngestServiceRunner service, Delivery delivery) {
    return Http.post(
        service.url(Deliveries.path(delivery)), Deliveries.headers(delivery), delivery.body());
  }

  @Test
  void kafkaStoppedIs503AndTheRetryAfterItIsBackArrives() throws Exception {
    EmbeddedKafka kafka = EmbeddedKafka.start();
    int port = kafka.port();
    Delivery before = Deliveries.captured("03-captures-003.txt");
    Delivery during = Deliveries.captured("19-captures-retry-003.txt");
    try (IngestServiceRunner service =
        IngestServiceRunner.start(
            kafka.bootstrapServers(),
            home,
            Map.of(
                "trustpipe.ingest.delivery-timeout", "PT2S",
                "trustpipe.ingest.sources.quay.allowed-networks", "192.0.2.0/24"))) {
      assertThat(send(service, before).statusCode()).isEqualTo(200);

      kafka.close();
      long start = System.nanoTime();
      HttpResponse<String> unavailable = send(service, during);
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      assertThat(unavailable.statusCode()).isEqualTo(503);
      assertThat(took).isLessThan(Duration.ofSeconds(10));
      assertThat(unavailable.headers().firstValue("Retry-After")).hasValue("5");
      assertThat(JSON.readTree(unavailable.body()).get("error").asText())
          .isEqualTo("kafka-unavailable");
      assertThat(Http.get(service.url("/actuator/health/readiness")).statusCode()).isEqualTo(503);
      assertThat(Http.get(service.url("/actuator/prometheus")).body())
          .contains("trustpipe_ingest_webhooks_unavailable_total{source=\"distribution\"} 1.0");

      // an address outside a source's allow-list is refused before anything else
      assertThat(
              Http.post(
                      service.url("/webhooks/quay?token=" + IngestServiceRunner.SECRET),
                      Map.of("Content-Type", "application/json"),
                      "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                  .statusCode())
          .isEqualTo(403);

      try (EmbeddedKafka back = EmbeddedKafka.startOn(port)) {
        var offsets = back.endOffsets(Topics.REGISTRY_EVENTS);
        // the registry retries until it gets a 2xx
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(500))
            .until(() -> send(service, during).statusCode() == 200);

        var records = back.readSince(Topics.REGISTRY_EVENTS, offsets);
        assertThat(records).isNotEmpty();
        // a retry that Kafka stored although the answer was 503 is the same event: same id
        assertThat(records)
            .extracting(r -> CODEC.decode(r.value()).id())
            .containsOnly(
                EventIds.forRegistryEvent(
                    "distribution", "127.0.0.1:5000", "d47b7866-9de3-45aa-8d25-d155135d6699"));
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> Http.get(service.url("/actuator/health/readiness")).statusCode() == 200);
      }
    }
  }
}
