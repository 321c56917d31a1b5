package dev.trustpipe.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.trustpipe.contracts.Topics;
import dev.trustpipe.signing.support.NotaryCli;
import dev.trustpipe.signing.support.RegistryEvents;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quick start as a user runs it: embedded PostgreSQL and Kafka, the services in one JVM; a push
 * event becomes a tag the real notary CLI lists; a restart on the same home continues where it
 * stopped.
 */
class StandaloneQuickStartTest {
  @TempDir Path home;

  @Test
  void signsAPushAndARestartContinuesWhereItStopped() throws Exception {
    StandaloneSettings settings =
        new StandaloneSettings(
            home,
            freePort(),
            freePort(),
            freePort(),
            freePort(),
            freePort(),
            freePort(),
            freePort(),
            null,
            null,
            null,
            null);
    // no registry runs here to confirm pushes against (e2e/ covers that with a real one)
    String[] args = {
      "--trustpipe.custody.pbkdf2-iterations=10000", "--trustpipe.registry.confirm=false"
    };
    String gun = "localhost:5000/demo/app";
    NotaryCli notary =
        new NotaryCli("https://127.0.0.1:" + settings.notaryPort(), home.resolve("tls/ca.crt"));

    TrustPipeStandalone first = new TrustPipeStandalone();
    try {
      first.start(settings, args);
      push(settings, RegistryEvents.push(gun, "v1", "first", 525, "qs-1"));
      await()
          .atMost(2, TimeUnit.MINUTES)
          .untilAsserted(
              () ->
                  assertThat(notary.list(gun))
                      .extracting(NotaryCli.ListedTarget::name)
                      .containsExactly("v1"));
    } finally {
      first.stop();
    }

    Map<String, String> dbEnv = dbEnv(home.resolve("db.env"));
    assertThat(dbEnv)
        .containsKeys("PGHOST", "PGPORT", "PGDATABASE", "PGUSER", "PGPASSWORD")
        .containsEntry("PGPORT", String.valueOf(settings.postgresPort()));
    assertThat(Files.getPosixFilePermissions(home.resolve("db.env")))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    TrustPipeStandalone second = new TrustPipeStandalone();
    try {
      second.start(settings, args);
      assertThat(notary.list(gun)).extracting(NotaryCli.ListedTarget::name).containsExactly("v1");
      // the second push arrives as a registry would send it: a Distribution webhook to ingest
      postDistributionWebhook(settings, "v2", "sha256:" + "b2".repeat(32), 600);
      await()
          .atMost(2, TimeUnit.MINUTES)
          .untilAsserted(
              () ->
                  assertThat(notary.list(gun))
                      .extracting(NotaryCli.ListedTarget::name)
                      .containsExactlyInAnyOrder("v1", "v2"));

      // the audit-service logged both signings; its API takes the generated auditor token
      String token = Files.readString(home.resolve("auditor-token")).trim();
      URI auditEvents =
          URI.create(
              "http://127.0.0.1:"
                  + settings.auditPort()
                  + "/api/v1/audit/events?gun="
                  + URLEncoder.encode(gun, StandardCharsets.UTF_8));
      assertThat(get(auditEvents, null).statusCode()).isEqualTo(401);
      await()
          .atMost(1, TimeUnit.MINUTES)
          .untilAsserted(
              () -> {
                HttpResponse<String> events = get(auditEvents, token);
                assertThat(events.statusCode()).as(events.body()).isEqualTo(200);
                assertThat(events.body()).contains("\"v1\"").contains("\"v2\"");
              });
      // the timestamp-service watches the same store: nothing of it expires within a day
      HttpResponse<String> expiring =
          get(
              URI.create(
                  "http://127.0.0.1:" + settings.timestampPort() + "/api/v1/expiring?within=P1D"),
              null);
      assertThat(expiring.statusCode()).as(expiring.body()).isEqualTo(200);
      assertThat(expiring.body()).doesNotContain(gun);
    } finally {
      second.stop();
    }
  }

  private static void push(StandaloneSettings settings, dev.trustpipe.contracts.CloudEvent<?> event)
      throws Exception {
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + settings.kafkaPort(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
      producer
          .send(
              new ProducerRecord<>(
                  Topics.REGISTRY_EVENTS, event.subject(), RegistryEvents.CODEC.encode(event)))
          .get();
    }
  }

  private void postDistributionWebhook(
      StandaloneSettings settings, String tag, String digest, long size) throws Exception {
    String secret = Files.readString(home.resolve("webhook-secret")).trim();
    String body =
        """
        {"events":[{"id":"qs-webhook-%s","timestamp":"2026-11-23T12:00:00Z","action":"push",
          "target":{"mediaType":"application/vnd.docker.distribution.manifest.v2+json",
            "size":%d,"digest":"%s","length":%d,"repository":"demo/app",
            "url":"http://localhost:5000/v2/demo/app/manifests/%s","tag":"%s"},
          "request":{"id":"r1","addr":"127.0.0.1:1","host":"localhost:5000","method":"PUT",
            "useragent":"test"},
          "actor":{},"source":{"addr":"vm:5000","instanceID":"i1"}}]}
        """
            .formatted(tag, size, digest, size, digest, tag);
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://127.0.0.1:" + settings.ingestPort() + "/webhooks/distribution"))
                    .header("Authorization", "Bearer " + secret)
                    .header("Content-Type", "application/vnd.docker.distribution.events.v1+json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
  }

  private static HttpResponse<String> get(URI uri, String bearer) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET();
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static Map<String, String> dbEnv(Path file) throws IOException {
    return Files.readAllLines(file).stream()
        .filter(l -> l.contains("="))
        .collect(
            java.util.stream.Collectors.toMap(
                l -> l.substring(0, l.indexOf('=')), l -> l.substring(l.indexOf('=') + 1)));
  }

  private static final java.util.Set<Integer> TAKEN = new java.util.HashSet<>();

  /**
   * A port that binds now, below Linux's ephemeral range (32768-60999): a port the kernel handed
   * out for {@code bind(0)} can be given to an outgoing connection (Kafka, PostgreSQL) before the
   * service binds it, which failed this test once ("Port 44047 was already in use").
   */
  private static synchronized int freePort() throws IOException {
    java.util.Random random = new java.util.Random();
    for (int attempt = 0; attempt < 200; attempt++) {
      int port = 20000 + random.nextInt(12000);
      if (TAKEN.contains(port)) {
        continue;
      }
      try (ServerSocket socket = new ServerSocket(port)) {
        TAKEN.add(port);
        return socket.getLocalPort();
      } catch (IOException inUse) {
        // try another
      }
    }
    throw new IOException("no free port between 20000 and 32000");
  }
}
