package dev.trustpipe.ingest.adapter;

import dev.trustpipe.contracts.DigestResolution;
import dev.trustpipe.contracts.EventData;
import dev.trustpipe.contracts.ImagePushed;
import dev.trustpipe.contracts.TagDeleted;
import java.time.Instant;
import java.util.Objects;

/**
 * One manifest push or delete as a registry reported it, before the registry host is mapped to the
 * name clients use: the normalised event of WEBHOOKS.md. Construction checks every value against
 * the event contract, so whatever an adapter returns can be produced.
 *
 * @param source the registry kind ({@code distribution}, {@code harbor}, ...)
 * @param host the registry host as the event names it, {@code host[:port]}
 * @param tag null for a push or delete by digest
 * @param digest {@code sha256:<64 hex>}; null when the registry does not send it
 * @param mediaType manifest media type; null when not sent
 * @param size manifest size in bytes; null when not sent
 * @param actor who did it, as the registry names them; null when anonymous or not sent
 * @param occurredAt when the registry says it happened, or the receipt time if it does not say
 */
public record RegistryEvent(
    RegistryAction action,
    String source,
    String host,
    String repository,
    String tag,
    String digest,
    String mediaType,
    Long size,
    String actor,
    RegistryEventId eventId,
    Instant occurredAt)
    implements WebhookOutcome {

  private static final String SHA256_PREFIX = "sha256:";

  public RegistryEvent {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(eventId, "eventId");
    if (digest != null && !digest.startsWith(SHA256_PREFIX)) {
      throw BadWebhookException.invalidPayload(
          "digest "
              + Texts.quote(digest)
              + " is not a sha256 digest; only sha256:<64 lowercase hex> manifest digests are"
              + " accepted");
    }
    if (action == RegistryAction.PUSH && digest == null && tag == null) {
      throw BadWebhookException.invalidPayload("a push names neither a tag nor a digest");
    }
    try {
      // fields are not assigned yet in a compact constructor: check through the parameters
      data(
          action,
          source,
          host,
          repository,
          tag,
          digest,
          mediaType,
          size,
          actor,
          eventId,
          occurredAt,
          host + "/" + repository);
    } catch (IllegalArgumentException e) {
      throw BadWebhookException.invalidPayload(e.getMessage());
    }
  }

  public static RegistryEvent push(
      String source,
      String host,
      String repository,
      String tag,
      String digest,
      String mediaType,
      Long size,
      String actor,
      RegistryEventId eventId,
      Instant occurredAt) {
    return new RegistryEvent(
        RegistryAction.PUSH,
        source,
        host,
        repository,
        tag,
        digest,
        mediaType,
        size,
        actor,
        eventId,
        occurredAt);
  }

  public static RegistryEvent delete(
      String source,
      String host,
      String repository,
      String tag,
      String digest,
      String mediaType,
      String actor,
      RegistryEventId eventId,
      Instant occurredAt) {
    return new RegistryEvent(
        RegistryAction.DELETE,
        source,
        host,
        repository,
        tag,
        digest,
        mediaType,
        null,
        actor,
        eventId,
        occurredAt);
  }

  /**
   * REPORTED when the registry sent the digest; REQUIRED when it did not (Docker Hub, Quay) and a
   * consumer must resolve the tag before signing. Deletes have no resolution.
   */
  public DigestResolution digestResolution() {
    if (action == RegistryAction.DELETE) {
      return null;
    }
    return digest == null ? DigestResolution.REQUIRED : DigestResolution.REPORTED;
  }

  /** The event's data for {@code gun}: {@link ImagePushed} or {@link TagDeleted}. */
  public EventData toData(String gun) {
    return data(
        action,
        source,
        host,
        repository,
        tag,
        digest,
        mediaType,
        size,
        actor,
        eventId,
        occurredAt,
        gun);
  }

  private static EventData data(
      RegistryAction action,
      String source,
      String host,
      String repository,
      String tag,
      String digest,
      String mediaType,
      Long size,
      String actor,
      RegistryEventId eventId,
      Instant occurredAt,
      String gun) {
    return switch (action) {
      case PUSH ->
          new ImagePushed(
              gun,
              host,
              repository,
              tag,
              digest,
              digest == null ? DigestResolution.REQUIRED : DigestResolution.REPORTED,
              mediaType,
              size,
              actor,
              source,
              eventId.value(),
              occurredAt);
      case DELETE ->
          new TagDeleted(
              gun, host, repository, tag, digest, actor, source, eventId.value(), occurredAt);
    };
  }
}
