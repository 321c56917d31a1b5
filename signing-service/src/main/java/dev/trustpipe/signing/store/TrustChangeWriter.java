package dev.trustpipe.signing.store;

import dev.trustpipe.contracts.ChangeCause;
import dev.trustpipe.contracts.CloudEvent;
import dev.trustpipe.contracts.EventCodec;
import dev.trustpipe.contracts.EventData;
import dev.trustpipe.contracts.EventIds;
import dev.trustpipe.contracts.TrustChanged;
import dev.trustpipe.truststore.NewMetadata;
import dev.trustpipe.truststore.OutboxMessage;
import dev.trustpipe.truststore.TrustStoreTransaction;
import dev.trustpipe.tuf.model.MetadataSignature;
import dev.trustpipe.tuf.model.RoleName;
import dev.trustpipe.tuf.model.SignedMetadata;
import dev.trustpipe.tuf.repo.RepositoryUpdate;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Stores a repository update the one way every writer of the signing-service does: the new files,
 * one {@code trust.changed.v1} outbox row per file and the changefeed record of the new timestamp,
 * all in the caller's transaction (ADR 0003).
 */
public final class TrustChangeWriter {
  /** The CloudEvents {@code source} of events the signing-service produces. */
  public static final String SOURCE = "/trustpipe/signing-service";

  private static final Map<String, String> CLOUDEVENT_HEADERS =
      Map.of("content-type", EventCodec.CONTENT_TYPE);

  private final EventCodec codec;
  private final Clock clock;

  public TrustChangeWriter(EventCodec codec, Clock clock) {
    this.codec = codec;
    this.clock = clock;
  }

  /** Targets a change added to and removed from one role. */
  public record Diff(List<TrustChanged.Target> added, List<String> removed) {
    public static final Diff NONE = new Diff(List.of(), List.of());
  }

  /**
   * @param idBase what each event id derives from, with {@code idPrefix + role/version}: the same
   *     change always gets the same id, so a retried transaction cannot produce two events
   * @param diffs per role; roles without an entry changed no targets
   */
  public void store(
      TrustStoreTransaction tx,
      String gun,
      RepositoryUpdate update,
      ChangeCause cause,
      List<String> causeEventIds,
      String idBase,
      String idPrefix,
      Map<String, Diff> diffs) {
    tx.insert(
        update.files().stream()
            .map(f -> NewMetadata.of(gun, f.role(), f.version(), f.bytes(), f.expires()))
            .toList());
    for (SignedMetadata file : update.files()) {
      Diff diff = diffs.getOrDefault(file.role(), Diff.NONE);
      TrustChanged change =
          new TrustChanged(
              gun,
              file.role(),
              file.version(),
              file.sha256Hex(),
              file.expires(),
              diff.added(),
              diff.removed(),
              file.signatures().stream().map(MetadataSignature::keyId).distinct().toList(),
              cause,
              causeEventIds);
      String id = EventIds.derived(idBase, idPrefix + file.role() + "/" + file.version());
      tx.appendOutbox(outbox(gun, id, change));
    }
    update
        .find(RoleName.TIMESTAMP)
        .ifPresent(ts -> tx.recordChange(gun, ts.version(), ts.sha256Hex(), "update"));
  }

  /** An outbox row for the topic the contract assigns to {@code data}'s event type. */
  public OutboxMessage outbox(String gun, String id, EventData data) {
    byte[] payload = codec.encode(CloudEvent.of(id, SOURCE, clock.instant(), data));
    return OutboxMessage.of(data.eventType().topic(), gun, payload, CLOUDEVENT_HEADERS);
  }
}
