package dev.trustpipe.bench;

import dev.trustpipe.contracts.CloudEvent;
import dev.trustpipe.contracts.DigestResolution;
import dev.trustpipe.contracts.EventCodec;
import dev.trustpipe.contracts.EventIds;
import dev.trustpipe.contracts.ImagePushed;
import dev.trustpipe.contracts.Topics;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Produces one {@code dev.trustpipe.image.pushed.v1} event, as the ingest-service would, so the
 * signing-service creates and signs a repository for the read benchmark.
 *
 * <p>{@code java -cp bench/target/benchmarks.jar dev.trustpipe.bench.SeedRepository <bootstrap>
 * <gun> <tag>}
 */
public final class SeedRepository {
  private static final String MANIFEST_V2 = "application/vnd.docker.distribution.manifest.v2+json";

  private SeedRepository() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      System.err.println("usage: SeedRepository <bootstrap servers> <gun> <tag>");
      System.exit(2);
    }
    String bootstrap = args[0];
    String gun = args[1];
    String tag = args[2];
    Instant now = Clock.systemUTC().instant();
    byte[] payload = new EventCodec().encode(imagePushed(gun, tag, now));

    Properties config = new Properties();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 60_000);
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
      RecordMetadata sent =
          producer
              .send(new ProducerRecord<>(Topics.REGISTRY_EVENTS, gun, payload))
              .get(60, TimeUnit.SECONDS);
      System.out.printf(
          "produced %s %s:%s to %s-%d@%d (%d bytes)%n",
          "image.pushed.v1",
          gun,
          tag,
          sent.topic(),
          sent.partition(),
          sent.offset(),
          payload.length);
    }
  }

  static CloudEvent<ImagePushed> imagePushed(String gun, String tag, Instant now) {
    int slash = gun.indexOf('/');
    String host = gun.substring(0, slash);
    String manifest = "{\"schemaVersion\":2,\"bench\":\"" + gun + ":" + tag + "\"}";
    String registryEventId = "bench-" + tag + "-" + now.toEpochMilli();
    ImagePushed data =
        new ImagePushed(
            gun,
            host,
            gun.substring(slash + 1),
            tag,
            "sha256:" + sha256Hex(manifest),
            DigestResolution.REPORTED,
            MANIFEST_V2,
            (long) manifest.length(),
            "bench",
            "distribution",
            registryEventId,
            now);
    String id = EventIds.forRegistryEvent("distribution", host, registryEventId);
    return CloudEvent.of(id, "/trustpipe/bench", now, data);
  }

  private static String sha256Hex(String content) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256")
                  .digest(content.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
