package dev.trustpipe.ingest.adapter;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;

/**
 * JFrog Artifactory webhooks of domain {@code docker}: {@code pushed} and {@code deleted} (of a
 * tag) count; {@code promoted} does not say where the image landed and is ignored. Also accepts
 * JFrog's older form that posts {@code data} alone with {@code event_type} inside.
 *
 * <p>The digest is {@code sha256:} + {@code data.sha256}, the checksum of the stored manifest file:
 * a candidate that the signing-service's registry confirmation checks before signing. The host is
 * {@code jpd_origin}'s (map it to the Docker host with a registry alias). There is no id and no
 * time: the receipt time stands in, and the key (subscription, repository key, path, checksum,
 * receipt time) includes it, so a retry is produced again rather than a later push of the same
 * manifest to the same tag being taken for a retry and dropped.
 */
public final class ArtifactoryAdapter implements WebhookAdapter {

  public static final String SOURCE = "artifactory";

  private final Clock clock;

  public ArtifactoryAdapter(Clock clock) {
    this.clock = clock;
  }

  @Override
  public String source() {
    return SOURCE;
  }

  @Override
  public Set<String> contentTypes() {
    return Set.of("application/json");
  }

  @Override
  public ParsedWebhook parse(byte[] body, WebhookHeaders headers) {
    JsonValue root = JsonValue.parse(body).requireObject();
    boolean envelope = root.has("data");
    JsonValue data = envelope ? root.get("data").requireObject() : root;
    String domain = root.get("domain").optionalText().orElse("docker");
    if (!domain.equals("docker")) {
      return ParsedWebhook.of(
          new Ignored(IgnoreReason.NOT_A_MANIFEST_EVENT, "domain " + Texts.quote(domain)));
    }
    String eventType = (envelope ? root : data).get("event_type").text();
    RegistryAction action;
    switch (eventType) {
      case "pushed" -> action = RegistryAction.PUSH;
      case "deleted" -> action = RegistryAction.DELETE;
      case "promoted" -> {
        return ParsedWebhook.of(
            new Ignored(IgnoreReason.PROMOTION, "promoted: reconcile the target repository"));
      }
      default -> {
        return ParsedWebhook.of(
            new Ignored(IgnoreReason.NOT_A_MANIFEST_EVENT, "event_type " + Texts.quote(eventType)));
      }
    }
    String host = host(root.get("jpd_origin"));
    String repoKey = data.get("repo_key").text();
    String repository = data.get("image_name").text();
    String tag = data.get("tag").nonEmptyText().orElse(null);
    String path = data.get("path").text();
    String sha256 = data.get("sha256").text();
    String digest = "sha256:" + sha256;
    Long size = data.get("size").optionalSize().orElse(null);
    String actor = actor(root.get("source").nonEmptyText().orElse(null));
    Instant receivedAt = clock.instant();
    RegistryEventId eventId =
        RegistryEventId.synthetic(
            SOURCE,
            root.get("subscription_key").optionalText().orElse(""),
            repoKey,
            path,
            sha256,
            receivedAt.toString());
    return ParsedWebhook.of(
        action == RegistryAction.PUSH
            ? RegistryEvent.push(
                SOURCE, host, repository, tag, digest, null, size, actor, eventId, receivedAt)
            : RegistryEvent.delete(
                SOURCE, host, repository, tag, digest, null, actor, eventId, receivedAt));
  }

  /** The host (and port) of {@code jpd_origin}, e.g. {@code https://acme.jfrog.io}. */
  private static String host(JsonValue origin) {
    String text = origin.text();
    try {
      URI uri = new URI(text);
      if (uri.getHost() == null) {
        throw new URISyntaxException(text, "no host");
      }
      return uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
    } catch (URISyntaxException e) {
      throw BadWebhookException.invalidPayload(
          origin.path() + " " + Texts.quote(text) + " is not a URL with a host");
    }
  }

  /** {@code source} is {@code jfrog/<user>}. */
  private static String actor(String source) {
    if (source == null) {
      return null;
    }
    String user = source.startsWith("jfrog/") ? source.substring("jfrog/".length()) : source;
    return user.isEmpty() ? null : user;
  }
}
