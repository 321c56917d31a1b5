package dev.trustpipe.ingest.publish;

import dev.trustpipe.contracts.CloudEvent;
import dev.trustpipe.contracts.EventCodec;
import dev.trustpipe.contracts.EventData;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Produces events to their topic keyed by GUN, structured-mode CloudEvents JSON, and returns only
 * once Kafka acknowledged every one of them (the producer is idempotent with {@code acks=all}). If
 * that does not happen within the bound, the caller answers 503 and the registry retries; what was
 * produced meanwhile is produced again with the same ids, which consumers deduplicate.
 */
public final class RegistryEventPublisher {

  static final String CONTENT_TYPE_HEADER = "content-type";
  private static final byte[] CONTENT_TYPE =
      EventCodec.CONTENT_TYPE.getBytes(StandardCharsets.UTF_8);

  private final KafkaTemplate<String, byte[]> kafka;
  private final EventCodec codec;
  private final Duration acknowledgementTimeout;

  /**
   * @param acknowledgementTimeout how long to wait for all acknowledgements; a little longer than
   *     the producer's own {@code max.block.ms} + {@code delivery.timeout.ms}
   */
  public RegistryEventPublisher(
      KafkaTemplate<String, byte[]> kafka, EventCodec codec, Duration acknowledgementTimeout) {
    this.kafka = kafka;
    this.codec = codec;
    this.acknowledgementTimeout = acknowledgementTimeout;
  }

  public void publish(List<CloudEvent<EventData>> events) throws KafkaUnavailableException {
    if (events.isEmpty()) {
      return;
    }
    // encode everything first: a contract violation must not leave half a delivery produced
    List<ProducerRecord<String, byte[]>> records = new ArrayList<>(events.size());
    for (CloudEvent<EventData> event : events) {
      ProducerRecord<String, byte[]> record =
          new ProducerRecord<>(event.eventType().topic(), event.subject(), codec.encode(event));
      record.headers().add(new RecordHeader(CONTENT_TYPE_HEADER, CONTENT_TYPE));
      records.add(record);
    }
    long deadline = System.nanoTime() + acknowledgementTimeout.toNanos();
    List<CompletableFuture<?>> acknowledgements = new ArrayList<>(records.size());
    try {
      for (ProducerRecord<String, byte[]> record : records) {
        acknowledgements.add(kafka.send(record));
      }
      CompletableFuture.allOf(acknowledgements.toArray(CompletableFuture[]::new))
          .get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      throw new KafkaUnavailableException(
          "Kafka did not acknowledge: " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new KafkaUnavailableException(
          "Kafka did not acknowledge within " + acknowledgementTimeout, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaUnavailableException("interrupted while waiting for Kafka", e);
    } catch (RuntimeException e) {
      // the producer refuses synchronously, e.g. no metadata within max.block.ms
      throw new KafkaUnavailableException("Kafka refused the send: " + e, e);
    }
  }
}
