package dev.trustpipe.ingest.adapter;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * CNCF Distribution's notification envelope {@code {"events":[...]}}, which the GitLab container
 * registry sends too: one adapter, two source names. Every event of the envelope is looked at;
 * manifest pushes and deletes become events, blobs, pulls, mounts and renames are ignored.
 *
 * <p>A blob delete is indistinguishable from a manifest delete by digest (both carry only {@code
 * {digest, repository}}), so it is produced as a delete by digest; no tag is signed to a blob's
 * digest, so it changes nothing downstream.
 */
public final class DistributionAdapter implements WebhookAdapter {

  public static final String DISTRIBUTION = "distribution";
  public static final String GITLAB = "gitlab";

  private static final String BLOB_MEDIA_TYPE = "application/octet-stream";

  private final String source;

  public DistributionAdapter(String source) {
    this.source = source;
  }

  @Override
  public String source() {
    return source;
  }

  @Override
  public Set<String> contentTypes() {
    // v2 is what Distribution 3 sends
    return Set.of(
        "application/vnd.docker.distribution.events.v1+json",
        "application/vnd.docker.distribution.events.v2+json",
        "application/json");
  }

  @Override
  public ParsedWebhook parse(byte[] body, WebhookHeaders headers) {
    JsonValue envelope = JsonValue.parse(body).requireObject();
    List<WebhookOutcome> outcomes = new ArrayList<>();
    for (JsonValue event : envelope.get("events").elements()) {
      outcomes.add(outcome(event.requireObject()));
    }
    return ParsedWebhook.of(outcomes);
  }

  private WebhookOutcome outcome(JsonValue event) {
    String action = event.get("action").text();
    JsonValue target = event.get("target").requireObject();
    switch (action) {
      case "pull":
        return new Ignored(IgnoreReason.PULL, "pull");
      case "mount":
        return new Ignored(IgnoreReason.MOUNT, "mount");
      case "rename":
        return new Ignored(IgnoreReason.RENAME, "rename");
      case "push":
        if (isBlob(target)) {
          return new Ignored(IgnoreReason.BLOB, "blob push");
        }
        if (!isManifest(target)) {
          return new Ignored(
              IgnoreReason.NOT_A_MANIFEST_EVENT,
              "push of " + Texts.quote(target.get("mediaType").optionalText().orElse("")));
        }
        return RegistryEvent.push(
            source,
            host(event),
            target.get("repository").text(),
            target.get("tag").nonEmptyText().orElse(null),
            target.get("digest").text(),
            target.get("mediaType").nonEmptyText().orElse(null),
            size(target),
            actor(event),
            RegistryEventId.reported(event.get("id").text()),
            event.get("timestamp").rfc3339());
      case "delete":
        if (isBlob(target)) {
          return new Ignored(IgnoreReason.BLOB, "blob delete");
        }
        return RegistryEvent.delete(
            source,
            host(event),
            target.get("repository").text(),
            target.get("tag").nonEmptyText().orElse(null),
            target.get("digest").nonEmptyText().orElse(null),
            target.get("mediaType").nonEmptyText().orElse(null),
            actor(event),
            RegistryEventId.reported(event.get("id").text()),
            event.get("timestamp").rfc3339());
      default:
        return new Ignored(IgnoreReason.NOT_A_MANIFEST_EVENT, "action " + Texts.quote(action));
    }
  }

  private static boolean isBlob(JsonValue target) {
    String mediaType = target.get("mediaType").optionalText().orElse("");
    String url = target.get("url").optionalText().orElse("");
    return mediaType.equals(BLOB_MEDIA_TYPE) || url.contains("/blobs/");
  }

  /** A manifest URL, or (no URL) a media type that names a manifest or an index. */
  private static boolean isManifest(JsonValue target) {
    if (target.get("url").optionalText().orElse("").contains("/manifests/")) {
      return true;
    }
    String mediaType = target.get("mediaType").optionalText().orElse("").toLowerCase(Locale.ROOT);
    return mediaType.contains("manifest") || mediaType.contains("index");
  }

  /** {@code request.host}: the client-facing host, not {@code source.addr} (the registry node). */
  private static String host(JsonValue event) {
    return event.get("request").get("host").text();
  }

  /** {@code size}, or the deprecated {@code length} copy. */
  private static Long size(JsonValue target) {
    return target
        .get("size")
        .optionalSize()
        .or(() -> target.get("length").optionalSize())
        .orElse(null);
  }

  /** {@code actor.name}; Distribution sends {@code {}} when it has no auth. */
  static String actor(JsonValue event) {
    return event.get("actor").get("name").nonEmptyText().orElse(null);
  }
}
