package dev.trustpipe.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.trustpipe.contracts.Topics;
import dev.trustpipe.signing.support.NotaryCli;
import dev.trustpipe.signing.support.RegistryEvents;
import java.io.IOException;
import java.net.ServerSocket;
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
            home, freePort(), freePort(), freePort(), freePort(), null, null, null, null);
    String[] args = {"--trustpipe.custody.pbkdf2-iterations=10000"};
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
      push(settings, RegistryEvents.push(gun, "v2", "second", 600, "qs-2"));
      await()
          .atMost(2, TimeUnit.MINUTES)
          .untilAsserted(
              () ->
                  assertThat(notary.list(gun))
                      .extracting(NotaryCli.ListedTarget::name)
                      .containsExactlyInAnyOrder("v1", "v2"));
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

  private static Map<String, String> dbEnv(Path file) throws IOException {
    return Files.readAllLines(file).stream()
        .filter(l -> l.contains("="))
        .collect(
            java.util.stream.Collectors.toMap(
                l -> l.substring(0, l.indexOf('=')), l -> l.substring(l.indexOf('=') + 1)));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
