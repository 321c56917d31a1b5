package dev.trustpipe.bench.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trustpipe.contracts.ChangeCause;
import dev.trustpipe.contracts.EventType;
import dev.trustpipe.contracts.Topics;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.IntConsumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Watches {@code trustpipe.trust.changes} (and the dead-letter topic) and notes, per pushed event,
 * when the first {@code trust.changed.v1} of the delegation with cause PUSH naming the event in
 * {@code causeEventIds} arrived. That change is committed in the same transaction as the snapshot
 * and timestamp that publish it, so from then on the served metadata contains the tag.
 *
 * <p>Records are parsed as plain JSON, not through {@code EventCodec.decode}: schema validation of
 * every change would take CPU from the service under test on a two-core machine. Delivery is
 * at-least-once; the first arrival counts.
 */
final class VisibilityTracker implements AutoCloseable {
  private static final String TRUST_CHANGED = EventType.TRUST_CHANGED.type();
  private static final String EVENT_REJECTED = EventType.EVENT_REJECTED.type();

  /** The events currently measured; one phase at a time (warm-up, then the measured events). */
  static final class Phase {
    private final Map<String, Integer> indexById;
    private final AtomicLongArray visibleNanos;
    private final AtomicInteger visible = new AtomicInteger();
    private final AtomicInteger rejected = new AtomicInteger();
    private final IntConsumer onVisible;

    Phase(Map<String, Integer> indexById, int size, IntConsumer onVisible) {
      this.indexById = indexById;
      this.visibleNanos = new AtomicLongArray(size);
      this.onVisible = onVisible;
    }

    int visible() {
      return visible.get();
    }

    int rejected() {
      return rejected.get();
    }

    /** {@link System#nanoTime()} when event {@code index} became visible, 0 when not (yet). */
    long visibleNanos(int index) {
      return visibleNanos.get(index);
    }

    private void markVisible(String eventId, long nanos) {
      Integer index = indexById.get(eventId);
      if (index != null && visibleNanos.compareAndSet(index, 0, nanos)) {
        visible.incrementAndGet();
        onVisible.accept(index);
      }
    }

    private void markRejected(String eventId) {
      if (indexById.containsKey(eventId)) {
        rejected.incrementAndGet();
      }
    }
  }

  private final String delegationRole;
  private final KafkaConsumer<String, byte[]> consumer;
  private final ObjectMapper json = new ObjectMapper();
  private final Thread thread;
  private final AtomicLong records = new AtomicLong();
  private final AtomicLong unreadable = new AtomicLong();
  private volatile Phase phase;
  private volatile boolean running = true;
  private volatile Throwable failure;

  VisibilityTracker(String bootstrap, String delegationRole) {
    this.delegationRole = delegationRole;
    this.consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                // the outbox relay's producer is not transactional; nothing to wait for
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_uncommitted",
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG,
                100,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                5000));
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : List.of(Topics.TRUST_CHANGES, Topics.DEAD_LETTER)) {
      List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(60));
      if (infos == null || infos.isEmpty()) {
        throw new IllegalStateException(topic + " does not exist; is the signing-service up?");
      }
      infos.forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
    }
    // No group: assign every partition and start at the end, resolved NOW, before any event is
    // produced, so no change of this run can be missed.
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(consumer::position);
    thread = new Thread(this::pollLoop, "visibility-tracker");
    thread.setDaemon(true);
    thread.start();
  }

  void track(Phase next) {
    this.phase = next;
  }

  long recordsSeen() {
    return records.get();
  }

  long unreadableRecords() {
    return unreadable.get();
  }

  void checkHealthy() {
    if (failure != null) {
      throw new IllegalStateException("the trust.changes consumer failed", failure);
    }
  }

  private void pollLoop() {
    try {
      while (running) {
        ConsumerRecords<String, byte[]> polled = consumer.poll(Duration.ofMillis(200));
        long now = System.nanoTime();
        for (ConsumerRecord<String, byte[]> record : polled) {
          records.incrementAndGet();
          handle(record.value(), now);
        }
      }
    } catch (WakeupException e) {
      // close() asked us to stop
    } catch (RuntimeException e) {
      failure = e;
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  private void handle(byte[] value, long receivedNanos) {
    Phase current = phase;
    if (current == null || value == null) {
      return;
    }
    JsonNode event;
    try {
      event = json.readTree(value);
    } catch (IOException e) {
      unreadable.incrementAndGet();
      return;
    }
    String type = event.path("type").asText();
    JsonNode data = event.path("data");
    if (TRUST_CHANGED.equals(type)) {
      if (delegationRole.equals(data.path("role").asText())
          && ChangeCause.PUSH.name().equals(data.path("cause").asText())) {
        for (JsonNode id : data.path("causeEventIds")) {
          current.markVisible(id.asText(), receivedNanos);
        }
      }
    } else if (EVENT_REJECTED.equals(type)) {
      current.markRejected(data.path("originalEventId").asText());
    }
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    consumer.wakeup();
    thread.join(10_000);
  }
}
