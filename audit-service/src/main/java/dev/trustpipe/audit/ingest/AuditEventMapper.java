package dev.trustpipe.audit.ingest;

import dev.trustpipe.contracts.CloudEvent;
import dev.trustpipe.contracts.DecodedEvent;
import dev.trustpipe.contracts.EventRejected;
import dev.trustpipe.contracts.EventType;
import dev.trustpipe.contracts.KeyRotated;
import dev.trustpipe.contracts.TrustChanged;
import dev.trustpipe.translog.AuditEntry;
import dev.trustpipe.translog.AuditEntry.Change;
import dev.trustpipe.translog.AuditEntry.TargetChange;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns one event into the draft of its audit entry (sequence and previous hash are the store's to
 * fill in). Actions: the {@link dev.trustpipe.contracts.ChangeCause} of a trust change in lower
 * case with dashes ({@code push}, {@code delete}, {@code renewal}, {@code rotation}, {@code
 * creation}, {@code oci-signature}), {@code key-rotation}, {@code rejected}, and {@code
 * undecodable} for a record no one could read.
 */
public final class AuditEventMapper {
  public static final String ACTION_KEY_ROTATION = "key-rotation";
  public static final String ACTION_REJECTED = "rejected";
  public static final String ACTION_UNDECODABLE = "undecodable";
  public static final String TYPE_UNDECODABLE = "dev.trustpipe.audit.undecodable";

  public AuditEntry draft(DecodedEvent decoded) {
    CloudEvent<?> event = decoded.event();
    if (decoded instanceof DecodedEvent.TrustChangedEvent e) {
      return trustChanged(event, e.event().data());
    }
    if (decoded instanceof DecodedEvent.KeyRotatedEvent e) {
      KeyRotated data = e.event().data();
      return new AuditEntry(
          1,
          event.time(),
          event.id(),
          event.type(),
          ACTION_KEY_ROTATION,
          data.gun(),
          data.actor(),
          event.source(),
          data.role(),
          null,
          null,
          null,
          null,
          List.of(),
          List.of(data.oldKeyId(), data.newKeyId()),
          List.of(),
          "key " + data.oldKeyId() + " replaced by " + data.newKeyId(),
          AuditEntry.GENESIS);
    }
    if (decoded instanceof DecodedEvent.EventRejectedEvent e) {
      EventRejected data = e.event().data();
      return new AuditEntry(
          1,
          event.time(),
          event.id(),
          event.type(),
          ACTION_REJECTED,
          data.gun(),
          event.source(),
          event.source(),
          null,
          null,
          null,
          null,
          null,
          List.of(),
          List.of(),
          data.originalEventId() == null ? List.of() : List.of(data.originalEventId()),
          data.stage().name().toLowerCase(Locale.ROOT) + ": " + data.reason(),
          AuditEntry.GENESIS);
    }
    // registry events are not on the audited topics; record what arrives anyway, nothing is lost
    return new AuditEntry(
        1,
        event.time(),
        event.id(),
        event.type(),
        shortName(decoded.eventType()),
        event.subject(),
        event.source(),
        event.source(),
        null,
        null,
        null,
        null,
        null,
        List.of(),
        List.of(),
        List.of(),
        null,
        AuditEntry.GENESIS);
  }

  private static AuditEntry trustChanged(CloudEvent<?> event, TrustChanged data) {
    List<TargetChange> targets = new ArrayList<>();
    data.targetsAdded()
        .forEach(t -> targets.add(new TargetChange(t.name(), t.digest(), Change.added)));
    data.targetsRemoved()
        .forEach(name -> targets.add(new TargetChange(name, null, Change.removed)));
    TargetChange first = targets.isEmpty() ? null : targets.get(0);
    return new AuditEntry(
        1,
        event.time(),
        event.id(),
        event.type(),
        data.cause().name().toLowerCase(Locale.ROOT).replace('_', '-'),
        data.gun(),
        event.source(),
        event.source(),
        data.role(),
        data.version(),
        data.sha256(),
        first == null ? null : first.name(),
        first == null ? null : first.digest(),
        targets,
        data.signerKeyIds(),
        data.causeEventIds(),
        null,
        AuditEntry.GENESIS);
  }

  /**
   * A record that could not be decoded: logged with where it came from and why, so the log shows
   * that something arrived.
   *
   * @param origin {@code topic/partition/offset}
   */
  public AuditEntry undecodable(String eventId, String origin, Instant time, String reason) {
    return new AuditEntry(
        1,
        time,
        eventId,
        TYPE_UNDECODABLE,
        ACTION_UNDECODABLE,
        null,
        null,
        origin,
        null,
        null,
        null,
        null,
        null,
        List.of(),
        List.of(),
        List.of(),
        reason,
        AuditEntry.GENESIS);
  }

  private static String shortName(EventType type) {
    return type.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
