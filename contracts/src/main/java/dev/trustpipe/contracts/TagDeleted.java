package dev.trustpipe.contracts;

import java.time.Instant;

/**
 * A tag or manifest was deleted in a registry ({@code dev.trustpipe.tag.deleted.v1}).
 *
 * <p>At least one of {@code tag} and {@code digest} is present. With a tag only (e.g.
 * Distribution's tag-delete event), the consumer looks up what the tag last pointed to in its own
 * records. With a digest only (a delete by digest), every tag signed to that digest is gone.
 *
 * @param gun the repository's GUN (after host aliasing), the Kafka key
 * @param registryHost the host as the registry's event names it, {@code host[:port]}
 * @param repository the repository path in that registry
 * @param tag the deleted tag; null for a delete by digest
 * @param digest the deleted manifest's digest; null when the registry does not send it
 * @param actor who deleted, as the registry names them; null when anonymous or not sent
 * @param source the registry kind whose webhook this came from, e.g. {@code distribution}
 * @param registryEventId the registry's event id, or a synthetic key where it sends none
 * @param occurredAt when the registry says the delete happened
 */
public record TagDeleted(
    String gun,
    String registryHost,
    String repository,
    String tag,
    String digest,
    String actor,
    String source,
    String registryEventId,
    Instant occurredAt)
    implements EventData {

  public TagDeleted {
    Gun.of(FieldChecks.required("gun", gun));
    RegistryNames.hostProblem(FieldChecks.required("registryHost", registryHost))
        .ifPresent(
            problem -> {
              throw new IllegalArgumentException("registryHost " + problem);
            });
    RegistryNames.repositoryProblem(FieldChecks.required("repository", repository))
        .ifPresent(
            problem -> {
              throw new IllegalArgumentException("repository " + problem);
            });
    if (tag == null && digest == null) {
      throw new IllegalArgumentException("a delete needs a tag, a digest or both; both are null");
    }
    if (tag != null) {
      Tag.of(tag);
    }
    if (digest != null) {
      Digest.of(digest);
    }
    FieldChecks.optionalText("actor", actor, FieldChecks.MAX_TEXT_CHARS);
    FieldChecks.requireRegistrySource("source", source);
    FieldChecks.requireText("registryEventId", registryEventId, FieldChecks.MAX_TEXT_CHARS);
    FieldChecks.requireInstant("occurredAt", occurredAt);
  }

  @Override
  public EventType eventType() {
    return EventType.TAG_DELETED;
  }

  @Override
  public String subject() {
    return gun;
  }
}
