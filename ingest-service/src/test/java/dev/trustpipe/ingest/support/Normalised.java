package dev.trustpipe.ingest.support;

import dev.trustpipe.ingest.adapter.RegistryEvent;
import java.time.Instant;

/**
 * A normalised event in the terms of the fixtures' EXPECTED.md: {@code eventId} is null where the
 * registry sends none (the adapter then derives a synthetic key).
 */
public record Normalised(
    String action,
    String host,
    String repository,
    String tag,
    String digest,
    String mediaType,
    Long size,
    String actor,
    String eventId,
    Instant time) {

  public static Normalised of(RegistryEvent event) {
    return new Normalised(
        event.action().name().toLowerCase(java.util.Locale.ROOT),
        event.host(),
        event.repository(),
        event.tag(),
        event.digest(),
        event.mediaType(),
        event.size(),
        event.actor(),
        event.eventId().synthetic() ? null : event.eventId().value(),
        event.occurredAt());
  }

  public static Normalised push(
      String host,
      String repository,
      String tag,
      String digest,
      String mediaType,
      Long size,
      String actor,
      String eventId,
      String time) {
    return new Normalised(
        "push",
        host,
        repository,
        tag,
        digest,
        mediaType,
        size,
        actor,
        eventId,
        Instant.parse(time));
  }

  public static Normalised delete(
      String host,
      String repository,
      String tag,
      String digest,
      String mediaType,
      String actor,
      String eventId,
      String time) {
    return new Normalised(
        "delete",
        host,
        repository,
        tag,
        digest,
        mediaType,
        null,
        actor,
        eventId,
        Instant.parse(time));
  }
}
