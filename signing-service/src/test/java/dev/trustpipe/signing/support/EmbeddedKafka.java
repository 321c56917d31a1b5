package dev.trustpipe.signing.support;

import dev.trustpipe.contracts.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/** A real single-node KRaft Kafka broker in the test JVM, with TrustPipe's topics. */
public final class EmbeddedKafka implements AutoCloseable {
  private final EmbeddedKafkaKraftBroker broker;
  private final KafkaProducer<String, byte[]> producer;

  public EmbeddedKafka(int partitions) {
    broker =
        new EmbeddedKafkaKraftBroker(
            1, partitions, Topics.REGISTRY_EVENTS, Topics.TRUST_CHANGES, Topics.DEAD_LETTER);
    broker.brokerProperty("log.cleaner.dedupe.buffer.size", "2097152");
    broker.afterPropertiesSet();
    producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers(),
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class));
  }

  public String bootstrapServers() {
    return broker.getBrokersAsString();
  }

  /** Sends and waits for the broker's acknowledgement. */
  public void send(String topic, String key, byte[] value) {
    try {
      producer.send(new ProducerRecord<>(topic, key, value)).get();
    } catch (Exception e) {
      throw new IllegalStateException("send to " + topic + " failed", e);
    }
  }

  /** Every record on {@code topic} from the beginning, read until {@code idle} passes with none. */
  public List<ConsumerRecord<String, byte[]>> readAll(String topic, Duration idle) {
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "test-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class))) {
      consumer.subscribe(List.of(topic));
      List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      boolean assigned = false;
      while (System.nanoTime() < deadline) {
        var polled = consumer.poll(idle);
        polled.forEach(records::add);
        assigned = assigned || !consumer.assignment().isEmpty();
        if (polled.isEmpty() && assigned) {
          break;
        }
      }
      return records;
    }
  }

  @Override
  public void close() {
    producer.close();
    broker.destroy();
  }
}
