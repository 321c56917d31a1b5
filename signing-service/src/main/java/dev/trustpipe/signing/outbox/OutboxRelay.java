package dev.trustpipe.signing.outbox;

import dev.trustpipe.truststore.OutboxMessage;
import dev.trustpipe.truststore.TrustStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Publishes outbox rows to Kafka. Rows are marked published in the transaction that claimed them,
 * after Kafka acknowledged every send; a crash in between republishes them (consumers deduplicate
 * by event id), so nothing written by a signing transaction is ever lost.
 */
@Component
public class OutboxRelay {
  private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

  private final TrustStore trustStore;
  private final KafkaTemplate<String, byte[]> kafka;
  private final int batchSize;
  private final Counter published;

  public OutboxRelay(
      TrustStore trustStore,
      KafkaTemplate<String, byte[]> kafka,
      MeterRegistry meters,
      @org.springframework.beans.factory.annotation.Value("${trustpipe.outbox.batch-size:500}")
          int batchSize) {
    this.trustStore = trustStore;
    this.kafka = kafka;
    this.batchSize = batchSize;
    this.published = meters.counter("trustpipe.outbox.published");
  }

  @Scheduled(fixedDelayString = "${trustpipe.outbox.poll-interval:PT0.05S}")
  public void relay() {
    try {
      int count;
      do {
        count = trustStore.relayBatch(batchSize, this::publishAll);
        published.increment(count);
      } while (count == batchSize);
    } catch (RuntimeException e) {
      log.warn("outbox relay failed, will retry: {}", e.toString());
    }
  }

  private void publishAll(List<OutboxMessage> messages) {
    List<CompletableFuture<?>> sends = new ArrayList<>(messages.size());
    for (OutboxMessage m : messages) {
      ProducerRecord<String, byte[]> record = new ProducerRecord<>(m.topic(), m.key(), m.payload());
      m.headers()
          .forEach(
              (k, v) ->
                  record.headers().add(new RecordHeader(k, v.getBytes(StandardCharsets.UTF_8))));
      sends.add(kafka.send(record));
    }
    try {
      CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while publishing the outbox", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("Kafka did not acknowledge the outbox batch", e);
    }
  }
}
