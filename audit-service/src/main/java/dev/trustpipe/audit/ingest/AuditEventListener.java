package dev.trustpipe.audit.ingest;

import dev.trustpipe.audit.store.AuditStore;
import dev.trustpipe.audit.store.StoredEntry;
import dev.trustpipe.contracts.DecodedEvent;
import dev.trustpipe.contracts.EventCodec;
import dev.trustpipe.contracts.EventIds;
import dev.trustpipe.contracts.InvalidEventException;
import dev.trustpipe.contracts.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * The Kafka edge of the audit log: a consumer batch of trust changes, key rotations and rejections
 * becomes one append transaction. The container commits the offsets only after this method
 * returned, i.e. after the database commit; a failure redelivers the batch, and event ids already
 * logged make the redelivery a no-op.
 */
public class AuditEventListener {
  private static final Logger log = LoggerFactory.getLogger(AuditEventListener.class);

  private final EventCodec codec;
  private final AuditEventMapper mapper;
  private final AuditStore store;
  private final MeterRegistry meters;

  public AuditEventListener(
      EventCodec codec, AuditEventMapper mapper, AuditStore store, MeterRegistry meters) {
    this.codec = codec;
    this.mapper = mapper;
    this.store = store;
    this.meters = meters;
  }

  @KafkaListener(
      id = "trustpipe-audit",
      topics = {Topics.TRUST_CHANGES, Topics.DEAD_LETTER},
      batch = "true")
  public void onBatch(List<ConsumerRecord<String, byte[]>> records) {
    List<dev.trustpipe.translog.AuditEntry> drafts = new ArrayList<>(records.size());
    for (ConsumerRecord<String, byte[]> record : records) {
      String origin = record.topic() + "/" + record.partition() + "/" + record.offset();
      try {
        if (record.value() == null) {
          throw new InvalidEventException("the record has no value");
        }
        DecodedEvent event = codec.decode(record.value());
        drafts.add(mapper.draft(event));
      } catch (InvalidEventException e) {
        log.warn("recording undecodable record {}: {}", origin, e.reason());
        drafts.add(
            mapper.undecodable(
                EventIds.derived(origin, "audit-undecodable"),
                origin,
                Instant.ofEpochMilli(Math.max(0, record.timestamp())),
                e.reason()));
      }
    }
    List<StoredEntry> appended = store.append(drafts);
    meters.counter("trustpipe.audit.entries", "outcome", "appended").increment(appended.size());
    meters
        .counter("trustpipe.audit.entries", "outcome", "duplicate")
        .increment(drafts.size() - appended.size());
  }
}
