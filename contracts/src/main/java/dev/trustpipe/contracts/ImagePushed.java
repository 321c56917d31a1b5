package dev.trustpipe.contracts;

import static dev.trustpipe.contracts.FieldChecks.quote;

import java.time.Instant;
import java.util.Optional;

/**
 * A manifest was pushed to a registry ({@code dev.trustpipe.image.pushed.v1}), normalised from that
 * registry's webhook.
 *
 * @param gun the repository's GUN (after host aliasing), the Kafka key
 * @param registryHost the host as the registry's event names it, {@code host[:port]}
 * @param repository the repository path in that registry, e.g. {@code team/app}
 * @param tag the pushed tag; null for a push by digest (e.g. an index's child manifest)
 * @param digest the manifest digest; null only when {@code digestResolution} is REQUIRED
 * @param digestResolution whether the digest was reported, resolved afterwards, or is still owed
 * @param mediaType the manifest media type; null when the registry does not send it
 * @param size the manifest size in bytes; null when the registry does not send it
 * @param actor who pushed, as the registry names them; null when anonymous or not sent
 * @param source the registry kind whose webhook this came from, e.g. {@code distribution}
 * @param registryEventId the registry's event id, or a synthetic key where it sends none
 * @param occurredAt when the registry says the push happened (receipt time if it does not say)
 */
public record ImagePushed(
    String gun,
    String registryHost,
    String repository,
    String tag,
    String digest,
    DigestResolution digestResolution,
    String mediaType,
    Long size,
    String actor,
    String source,
    String registryEventId,
    Instant occurredAt)
    implements EventData {

  public ImagePushed {
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
    if (tag != null) {
      Tag.of(tag);
    }
    if (digest != null) {
      Digest.of(digest);
    }
    FieldChecks.required("digestResolution", digestResolution);
    if (digestResolution == DigestResolution.REQUIRED) {
      if (digest != null) {
        throw new IllegalArgumentException(
            "digest "
                + quote(digest)
                + " is present but digestResolution is REQUIRED; use REPORTED or RESOLVED");
      }
      if (tag == null) {
        throw new IllegalArgumentException(
            "digestResolution is REQUIRED but there is no tag to resolve the digest from");
      }
    } else if (digest == null) {
      throw new IllegalArgumentException(
          "digest is required when digestResolution is " + digestResolution);
    }
    FieldChecks.optionalMediaType("mediaType", mediaType);
    FieldChecks.optionalNonNegative("size", size);
    FieldChecks.optionalText("actor", actor, FieldChecks.MAX_TEXT_CHARS);
    FieldChecks.requireRegistrySource("source", source);
    FieldChecks.requireText("registryEventId", registryEventId, FieldChecks.MAX_TEXT_CHARS);
    FieldChecks.requireInstant("occurredAt", occurredAt);
  }

  public Optional<String> optionalTag() {
    return Optional.ofNullable(tag);
  }

  public Optional<String> optionalDigest() {
    return Optional.ofNullable(digest);
  }

  @Override
  public EventType eventType() {
    return EventType.IMAGE_PUSHED;
  }

  @Override
  public String subject() {
    return gun;
  }
}
