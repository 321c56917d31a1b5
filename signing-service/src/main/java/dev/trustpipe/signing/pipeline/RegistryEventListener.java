package dev.trustpipe.signing.pipeline;

import dev.trustpipe.contracts.CloudEvent;
import dev.trustpipe.contracts.DecodedEvent;
import dev.trustpipe.contracts.EventCodec;
import dev.trustpipe.contracts.EventIds;
import dev.trustpipe.contracts.EventRejected;
import dev.trustpipe.contracts.InvalidEventException;
import dev.trustpipe.contracts.Topics;
import dev.trustpipe.signing.registry.RegistryUnavailableException;
import dev.trustpipe.signing.store.TrustChangeWriter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * The Kafka edge of the signing pipeline. One consumer batch: malformed records go to the
 * dead-letter topic (acknowledged by Kafka before anything else), the rest are grouped by GUN and
 * each GUN is applied in one transaction. The container commits the offsets only after this method
 * returned, i.e. after every transaction committed; an exception redelivers the batch, and
 * already-processed event ids make the redelivery a no-op. Before its transaction, each GUN's
 * events are confirmed with the registry ({@link RegistryConfirmation}) outside any transaction; a
 * registry that cannot answer fails the GUN like a database error does, so the batch is
 * redelivered.
 */
public class RegistryEventListener {
  private static final Logger log = LoggerFactory.getLogger(RegistryEventListener.class);
  static final String REASON_HEADER = "trustpipe-rejection-reason";

  private final EventCodec codec;
  private final TrustUpdater updater;
  private final RegistryConfirmation confirmation;
  private final KafkaTemplate<String, byte[]> kafka;
  private final Clock clock;
  private final MeterRegistry meters;
  private final ExecutorService gunExecutor;

  /**
   * @param gunExecutor applies the GUNs of one batch in parallel: they are independent
   *     repositories, each in its own transaction
   */
  public RegistryEventListener(
      EventCodec codec,
      TrustUpdater updater,
      RegistryConfirmation confirmation,
      KafkaTemplate<String, byte[]> kafka,
      Clock clock,
      MeterRegistry meters,
      ExecutorService gunExecutor) {
    this.codec = codec;
    this.updater = updater;
    this.confirmation = confirmation;
    this.kafka = kafka;
    this.clock = clock;
    this.meters = meters;
    this.gunExecutor = gunExecutor;
  }

  @KafkaListener(id = "trustpipe-signing", topics = Topics.REGISTRY_EVENTS, batch = "true")
  public void onBatch(List<ConsumerRecord<String, byte[]>> records) {
    Map<String, List<DecodedEvent>> byGun = new LinkedHashMap<>();
    List<ProducerRecord<String, byte[]>> deadLetters = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> record : records) {
      try {
        if (record.value() == null) {
          throw new InvalidEventException("the record has no value");
        }
        DecodedEvent event = codec.decode(record.value());
        byGun.computeIfAbsent(event.event().subject(), g -> new ArrayList<>()).add(event);
      } catch (InvalidEventException e) {
        deadLetters.add(deadLetter(record, e));
      }
    }
    publish(deadLetters);
    meters
        .counter("trustpipe.signing.events", "outcome", "dead-letter")
        .increment(deadLetters.size());

    Map<String, Future<TrustUpdater.Outcome>> applied = new LinkedHashMap<>();
    for (Map.Entry<String, List<DecodedEvent>> gun : byGun.entrySet()) {
      Callable<TrustUpdater.Outcome> apply =
          () -> updater.apply(gun.getKey(), confirmed(gun.getValue()));
      applied.put(gun.getKey(), gunExecutor.submit(apply));
    }
    // wait for every GUN, even after a failure: the offsets must not move while any still runs
    RuntimeException failure = null;
    for (Map.Entry<String, Future<TrustUpdater.Outcome>> gun : applied.entrySet()) {
      try {
        record(gun.getValue().get());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failure = new IllegalStateException("interrupted while signing a batch", e);
      } catch (ExecutionException e) {
        // said here, with its cause: the container's error handler retries quietly
        log.warn(
            "signing {} failed, its batch is redelivered: {}",
            gun.getKey(),
            e.getCause().toString());
        meters.counter("trustpipe.signing.failures").increment();
        if (failure == null) {
          failure =
              new IllegalStateException("signing failed; the batch is redelivered", e.getCause());
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /** The GUN's events as the registry confirms them, in order. */
  private List<TagEvent> confirmed(List<DecodedEvent> events) throws RegistryUnavailableException {
    List<TagEvent> confirmed = new ArrayList<>(events.size());
    for (DecodedEvent event : events) {
      confirmed.add(confirmation.tagEvent(event));
    }
    return confirmed;
  }

  private void record(TrustUpdater.Outcome outcome) {
    meters.counter("trustpipe.signing.events", "outcome", "signed").increment(outcome.applied());
    meters
        .counter("trustpipe.signing.events", "outcome", "duplicate")
        .increment(outcome.duplicates());
    meters.counter("trustpipe.signing.events", "outcome", "ignored").increment(outcome.ignored());
    // sigstore signatures and attestations (TrustPipe's own among them) are never signed
    meters
        .counter("trustpipe.signing.events", "outcome", "sigstore-attachment")
        .increment(outcome.attachments());
    meters.counter("trustpipe.signing.events", "outcome", "rejected").increment(outcome.rejected());
  }

  private ProducerRecord<String, byte[]> deadLetter(
      ConsumerRecord<String, byte[]> record, InvalidEventException failure) {
    byte[] raw = record.value() == null ? new byte[0] : record.value();
    String origin = record.topic() + "/" + record.partition() + "/" + record.offset();
    log.warn("dead-lettering {}: {}", origin, failure.reason());
    EventRejected rejected = EventRejected.decodeFailure(failure, raw);
    String id = EventIds.derived(origin, "dead-letter");
    byte[] payload =
        codec.encode(CloudEvent.of(id, TrustChangeWriter.SOURCE, clock.instant(), rejected));
    ProducerRecord<String, byte[]> out =
        new ProducerRecord<>(Topics.DEAD_LETTER, record.key(), payload);
    out.headers()
        .add(new RecordHeader(REASON_HEADER, failure.reason().getBytes(StandardCharsets.UTF_8)));
    out.headers()
        .add(new RecordHeader("trustpipe-origin", origin.getBytes(StandardCharsets.UTF_8)));
    return out;
  }

  private void publish(List<ProducerRecord<String, byte[]>> records) {
    AcknowledgedSends.sendAll(kafka, records, "the dead-letter topic");
  }
}
