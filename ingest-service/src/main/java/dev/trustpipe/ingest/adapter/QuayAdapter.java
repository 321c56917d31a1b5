package dev.trustpipe.ingest.adapter;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Quay's {@code repo_push} notification: the bare event data, one push per entry of {@code
 * updated_tags}. It carries no digest (REQUIRED: resolved before signing), no actor, no id and no
 * time: the receipt time stands in, and the key includes it, so a retried delivery is produced
 * again (harmless: the same tag is resolved again) rather than a later push of the same tag being
 * mistaken for a retry.
 */
public final class QuayAdapter implements WebhookAdapter {

  public static final String SOURCE = "quay";

  private final Clock clock;

  public QuayAdapter(Clock clock) {
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
    JsonValue updatedTags = root.get("updated_tags");
    if (!updatedTags.isPresent()) {
      // nothing says what kind of notification it is; without tags it is not a push
      return ParsedWebhook.of(new Ignored(IgnoreReason.NO_TAG, "no updated_tags"));
    }
    List<JsonValue> tags = updatedTags.elements();
    if (tags.isEmpty()) {
      return ParsedWebhook.of(new Ignored(IgnoreReason.NO_TAG, "updated_tags is empty"));
    }
    String repository = root.get("repository").text();
    String host = host(root.get("docker_url"), repository);
    Instant receivedAt = clock.instant();
    List<WebhookOutcome> outcomes = new ArrayList<>();
    for (JsonValue tagValue : tags) {
      String tag = tagValue.text();
      outcomes.add(
          RegistryEvent.push(
              SOURCE,
              host,
              repository,
              tag,
              null,
              null,
              null,
              null,
              RegistryEventId.synthetic(SOURCE, host, repository, tag, receivedAt.toString()),
              receivedAt));
    }
    return ParsedWebhook.of(outcomes);
  }

  /** {@code docker_url} minus {@code /<repository>}: Quay's SERVER_HOSTNAME (maybe with a port). */
  private static String host(JsonValue dockerUrl, String repository) {
    String url = ImageReference.withoutScheme(dockerUrl.text());
    String suffix = "/" + repository;
    if (url.endsWith(suffix) && url.length() > suffix.length()) {
      String host = url.substring(0, url.length() - suffix.length());
      if (!host.contains("/")) {
        return host;
      }
    }
    throw BadWebhookException.invalidPayload(
        dockerUrl.path() + " " + Texts.quote(url) + " is not <host>/" + repository);
  }
}
