package dev.trustpipe.signing.oci;

import dev.trustpipe.contracts.ChangeCause;
import dev.trustpipe.contracts.CloudEvent;
import dev.trustpipe.contracts.DecodedEvent;
import dev.trustpipe.contracts.EventCodec;
import dev.trustpipe.contracts.EventData;
import dev.trustpipe.contracts.EventIds;
import dev.trustpipe.contracts.EventRejected;
import dev.trustpipe.contracts.InvalidEventException;
import dev.trustpipe.contracts.RejectionStage;
import dev.trustpipe.contracts.Topics;
import dev.trustpipe.contracts.TrustChanged;
import dev.trustpipe.signing.pipeline.AcknowledgedSends;
import dev.trustpipe.signing.registry.RegistryRefusedException;
import dev.trustpipe.signing.store.TrustChangeWriter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * The bridge off DCT: every tag the pipeline signs into TUF ({@code trust.changed.v1} with cause
 * PUSH and targets added) is also signed in the sigstore format beside the image ({@link
 * OciSigner}), and each signature is reported as a {@code trust.changed.v1} with cause {@link
 * ChangeCause#OCI_SIGNATURE}.
 *
 * <p>Its own consumer group on the trust-changes topic, keyed by GUN: one writer per repository's
 * {@code .sig} manifests at a time, and a registry that is down delays OCI signatures without
 * holding up TUF signing. Offsets commit after the batch: a failure redelivers it, and a re-signed
 * payload is found in the {@code .sig} manifest and not added again; its event, with the same
 * derived id, is deduplicated by the audit log. A registry that refuses (no push rights, a {@code
 * .sig} TrustPipe cannot read) is reported as {@code event.rejected.v1} and not retried.
 */
public class OciSignatureListener {
  private static final Logger log = LoggerFactory.getLogger(OciSignatureListener.class);
  static final String SOURCE = TrustChangeWriter.SOURCE;

  private final EventCodec codec;
  private final OciSigner signer;
  private final KafkaTemplate<String, byte[]> kafka;
  private final Clock clock;
  private final MeterRegistry meters;
  private final ExecutorService gunExecutor;

  public OciSignatureListener(
      EventCodec codec,
      OciSigner signer,
      KafkaTemplate<String, byte[]> kafka,
      Clock clock,
      MeterRegistry meters,
      ExecutorService gunExecutor) {
    this.codec = codec;
    this.signer = signer;
    this.kafka = kafka;
    this.clock = clock;
    this.meters = meters;
    this.gunExecutor = gunExecutor;
  }

  /** A PUSH change and the id of its event. */
  private record Push(String eventId, TrustChanged change) {}

  @KafkaListener(id = "trustpipe-oci-signer", topics = Topics.TRUST_CHANGES, batch = "true")
  public void onBatch(List<ConsumerRecord<String, byte[]>> records) {
    Map<String, List<Push>> byGun = new LinkedHashMap<>();
    for (ConsumerRecord<String, byte[]> record : records) {
      Push push = pushIn(record);
      if (push != null) {
        byGun.computeIfAbsent(push.change().gun(), g -> new ArrayList<>()).add(push);
      }
    }
    List<Future<List<ProducerRecord<String, byte[]>>>> running = new ArrayList<>();
    for (List<Push> pushes : byGun.values()) {
      running.add(gunExecutor.submit(() -> signAll(pushes)));
    }
    // wait for every GUN, even after a failure: the offsets must not move while any still runs
    List<ProducerRecord<String, byte[]>> events = new ArrayList<>();
    RuntimeException failure = null;
    for (Future<List<ProducerRecord<String, byte[]>>> future : running) {
      try {
        events.addAll(future.get());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failure = new IllegalStateException("interrupted while signing OCI signatures", e);
      } catch (ExecutionException e) {
        if (failure == null) {
          failure =
              new IllegalStateException(
                  "OCI signing failed; the batch is redelivered", e.getCause());
        }
      }
    }
    // what was stored before the failure is reported now; the redelivery finds it stored
    publish(events);
    if (failure != null) {
      throw failure;
    }
  }

  private Push pushIn(ConsumerRecord<String, byte[]> record) {
    if (record.value() == null) {
      return null;
    }
    try {
      DecodedEvent decoded = codec.decode(record.value());
      if (decoded instanceof DecodedEvent.TrustChangedEvent changed) {
        TrustChanged change = changed.event().data();
        if (change.cause() == ChangeCause.PUSH && !change.targetsAdded().isEmpty()) {
          return new Push(decoded.id(), change);
        }
      }
    } catch (InvalidEventException e) {
      // the audit-service records undecodable records; here there is nothing to sign
      meters.counter("trustpipe.oci.signatures", "outcome", "undecodable").increment();
    }
    return null;
  }

  /** One GUN's pushes, in order; returns the events to publish. */
  private List<ProducerRecord<String, byte[]>> signAll(List<Push> pushes) throws Exception {
    List<ProducerRecord<String, byte[]>> events = new ArrayList<>();
    for (Push push : pushes) {
      for (TrustChanged.Target target : push.change().targetsAdded()) {
        events.addAll(sign(push, target));
      }
    }
    return events;
  }

  private List<ProducerRecord<String, byte[]>> sign(Push push, TrustChanged.Target target)
      throws Exception {
    String gun = push.change().gun();
    OciSigner.Outcome outcome;
    try {
      outcome = signer.sign(gun, target.name(), target.digest());
    } catch (RegistryRefusedException | InvalidSignatureManifestException e) {
      meters.counter("trustpipe.oci.signatures", "outcome", "refused").increment();
      log.error("OCI signature of {}:{} not stored: {}", gun, target.name(), e.getMessage());
      EventRejected rejected =
          new EventRejected(
              push.eventId(),
              gun,
              "OCI signature of " + target.name() + " not stored: " + e.getMessage(),
              "",
              false,
              RejectionStage.SIGNING);
      return List.of(
          record(gun, EventIds.derived(push.eventId(), "oci-rejected/" + target.name()), rejected));
    }
    if (outcome.gone()) {
      meters.counter("trustpipe.oci.signatures", "outcome", "gone").increment();
      log.info("{}@{} is gone from its registry; no OCI signature", gun, target.digest());
      return List.of();
    }
    List<ProducerRecord<String, byte[]>> events = new ArrayList<>();
    for (OciSigner.Signed signed : outcome.signed()) {
      meters
          .counter("trustpipe.oci.signatures", "outcome", signed.added() ? "added" : "present")
          .increment();
      TrustChanged change =
          new TrustChanged(
              gun,
              TrustChanged.SIGSTORE_ROLE,
              signed.signatureCount(),
              signed.signatureManifestDigest().substring("sha256:".length()),
              null,
              List.of(
                  new TrustChanged.Target(
                      target.name(), signed.manifestDigest(), signed.manifestSize())),
              List.of(),
              List.of(signed.keyId()),
              ChangeCause.OCI_SIGNATURE,
              push.change().causeEventIds());
      String id =
          EventIds.derived(
              push.eventId(), "oci-signature/" + target.name() + "/" + signed.manifestDigest());
      events.add(record(gun, id, change));
    }
    return events;
  }

  private ProducerRecord<String, byte[]> record(String gun, String id, EventData data) {
    byte[] payload = codec.encode(CloudEvent.of(id, SOURCE, clock.instant(), data));
    ProducerRecord<String, byte[]> record =
        new ProducerRecord<>(data.eventType().topic(), gun, payload);
    record
        .headers()
        .add(
            new RecordHeader(
                "content-type", EventCodec.CONTENT_TYPE.getBytes(StandardCharsets.UTF_8)));
    return record;
  }

  private void publish(List<ProducerRecord<String, byte[]>> records) {
    AcknowledgedSends.sendAll(kafka, records, "the trust-changes topic");
  }
}
