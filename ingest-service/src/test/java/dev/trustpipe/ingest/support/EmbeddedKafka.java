package dev.trustpipe.ingest.support;

import dev.trustpipe.contracts.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * A real single-node KRaft Kafka broker in the test JVM with the registry events topic. Reads are
 * exact: a test notes the end offsets, sends a webhook (answered only after Kafka acknowledged),
 * and reads precisely what was appended since.
 */
public final class EmbeddedKafka implements AutoCloseable {
  public static final int PARTITIONS = 3;

  private static EmbeddedKafka shared;

  private final EmbeddedKafkaKraftBroker broker;
  private KafkaConsumer<String, byte[]> reader;

  private EmbeddedKafka(int port) {
    broker = new EmbeddedKafkaKraftBroker(1, PARTITIONS, Topics.REGISTRY_EVENTS);
    if (port > 0) {
      // kafkaPorts(..) is not applied by the KRaft broker of spring-kafka-test 3.3: set the
      // listener
      broker.brokerProperty(
          "listeners", "EXTERNAL://localhost:" + port + ",CONTROLLER://localhost:0");
    }
    broker.brokerProperty("log.cleaner.dedupe.buffer.size", "2097152");
    // A producer that retries against a restarted broker would otherwise auto-create the topic
    // first, and the broker's own topic creation then fails with TopicExistsException.
    broker.brokerProperty("auto.create.topics.enable", "false");
    broker.afterPropertiesSet();
  }

  /** A broker on a free port, for a test that stops it. */
  public static EmbeddedKafka start() {
    return new EmbeddedKafka(0);
  }

  /** A broker on {@code port}, e.g. to bring one back where the stopped one was. */
  public static EmbeddedKafka startOn(int port) {
    return new EmbeddedKafka(port);
  }

  /** One broker for every test class of the JVM that does not stop it; closed at exit. */
  public static synchronized EmbeddedKafka shared() {
    if (shared == null) {
      shared = start();
      Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
    }
    return shared;
  }

  public String bootstrapServers() {
    return broker.getBrokersAsString();
  }

  public int port() {
    String servers = bootstrapServers();
    return Integer.parseInt(servers.substring(servers.lastIndexOf(':') + 1));
  }

  /** The end offset of every partition of {@code topic} now. */
  public synchronized Map<TopicPartition, Long> endOffsets(String topic) {
    KafkaConsumer<String, byte[]> consumer = reader();
    List<TopicPartition> partitions = new ArrayList<>();
    consumer
        .partitionsFor(topic, Duration.ofSeconds(30))
        .forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
    return new HashMap<>(consumer.endOffsets(partitions, Duration.ofSeconds(30)));
  }

  /** Exactly the records appended to {@code topic} after {@code from} and before this call. */
  public synchronized List<ConsumerRecord<String, byte[]>> readSince(
      String topic, Map<TopicPartition, Long> from) {
    Map<TopicPartition, Long> to = endOffsets(topic);
    List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    List<TopicPartition> pending = new ArrayList<>();
    for (var end : to.entrySet()) {
      if (end.getValue() > from.getOrDefault(end.getKey(), 0L)) {
        pending.add(end.getKey());
      }
    }
    if (pending.isEmpty()) {
      return records;
    }
    KafkaConsumer<String, byte[]> consumer = reader();
    consumer.assign(pending);
    pending.forEach(tp -> consumer.seek(tp, from.getOrDefault(tp, 0L)));
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!pending.isEmpty() && System.nanoTime() < deadline) {
      for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
        TopicPartition tp = new TopicPartition(record.topic(), record.partition());
        if (record.offset() < to.get(tp)) {
          records.add(record);
        }
      }
      pending.removeIf(tp -> consumer.position(tp) >= to.get(tp));
    }
    if (!pending.isEmpty()) {
      throw new IllegalStateException("could not read up to " + to + " on " + pending);
    }
    records.sort(
        java.util.Comparator.comparing((ConsumerRecord<String, byte[]> r) -> r.partition())
            .thenComparing(ConsumerRecord::offset));
    return records;
  }

  /** One consumer for every read: creating one per read costs a metadata round trip each. */
  private KafkaConsumer<String, byte[]> reader() {
    if (reader == null) {
      reader = consumer();
    }
    return reader;
  }

  private KafkaConsumer<String, byte[]> consumer() {
    return new KafkaConsumer<>(
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrapServers(),
            ConsumerConfig.GROUP_ID_CONFIG,
            "test-reader-" + UUID.randomUUID(),
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            false,
            ConsumerConfig.ISOLATION_LEVEL_CONFIG,
            "read_committed",
            // a fetch left waiting on a drained partition would hold up the next read by 500 ms
            ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG,
            10,
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
            StringDeserializer.class,
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
            ByteArrayDeserializer.class));
  }

  @Override
  public synchronized void close() {
    if (reader != null) {
      reader.close(Duration.ofSeconds(1));
      reader = null;
    }
    broker.destroy();
  }
}
