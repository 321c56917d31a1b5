package dev.trustpipe.ingest.adapter;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Harbor 2.x webhooks in both payload formats: {@code Default} ({@code type}, {@code occur_at},
 * fields under {@code event_data}) and {@code CloudEvents} (structured mode, fields under {@code
 * data}, since 2.8). Only artifact pushes and deletes count; pulls, scans, quota, replication and
 * retention events are ignored.
 *
 * <p>An artifact pushed without a tag is reported with the digest as its {@code tag}: that is a
 * push by digest. The Default format has no event id; the key is type + digest + tag + occur_at.
 */
public final class HarborAdapter implements WebhookAdapter {

  public static final String SOURCE = "harbor";

  @Override
  public String source() {
    return SOURCE;
  }

  @Override
  public Set<String> contentTypes() {
    return Set.of("application/json", "application/cloudevents+json");
  }

  @Override
  public ParsedWebhook parse(byte[] body, WebhookHeaders headers) {
    JsonValue root = JsonValue.parse(body).requireObject();
    boolean cloudEvent = root.has("specversion");
    String type = root.get("type").text();
    RegistryAction action = action(type);
    if (action == null) {
      return ParsedWebhook.of(new Ignored(IgnoreReason.NOT_A_MANIFEST_EVENT, Texts.quote(type)));
    }
    JsonValue data = (cloudEvent ? root.get("data") : root.get("event_data")).requireObject();
    String repository = data.get("repository").get("repo_full_name").text();
    String actor = root.get("operator").nonEmptyText().orElse(null);
    Instant occurredAt;
    String cloudEventId = null;
    if (cloudEvent) {
      cloudEventId = root.get("id").text();
      occurredAt = root.get("time").rfc3339();
    } else {
      occurredAt = root.get("occur_at").epochSeconds();
    }
    List<JsonValue> resources = data.get("resources").elements();
    List<WebhookOutcome> outcomes = new ArrayList<>();
    for (int i = 0; i < resources.size(); i++) {
      JsonValue resource = resources.get(i).requireObject();
      String digest = resource.get("digest").text();
      String tag = resource.get("tag").nonEmptyText().filter(t -> !t.equals(digest)).orElse(null);
      String host = host(resource.get("resource_url"), repository);
      RegistryEventId eventId;
      if (cloudEvent) {
        // one id per delivery; Harbor sends one resource, but keep several apart if it does not
        eventId = RegistryEventId.reported(i == 0 ? cloudEventId : cloudEventId + "#" + i);
      } else {
        eventId =
            RegistryEventId.synthetic(
                SOURCE, type, host, repository, digest, String.valueOf(tag), occurredAt.toString());
      }
      outcomes.add(
          action == RegistryAction.PUSH
              ? RegistryEvent.push(
                  SOURCE, host, repository, tag, digest, null, null, actor, eventId, occurredAt)
              : RegistryEvent.delete(
                  SOURCE, host, repository, tag, digest, null, actor, eventId, occurredAt));
    }
    return ParsedWebhook.of(outcomes);
  }

  private static RegistryAction action(String type) {
    return switch (type) {
      case "PUSH_ARTIFACT", "harbor.artifact.pushed" -> RegistryAction.PUSH;
      case "DELETE_ARTIFACT", "harbor.artifact.deleted" -> RegistryAction.DELETE;
      default -> null;
    };
  }

  /**
   * Harbor's external host: {@code resource_url} up to {@code /<repo_full_name>} (then {@code
   * :tag}, {@code @digest} or the end).
   */
  private static String host(JsonValue resourceUrl, String repository) {
    String url = ImageReference.withoutScheme(resourceUrl.text());
    String marker = "/" + repository;
    int at = url.indexOf(marker);
    while (at >= 0) {
      int end = at + marker.length();
      if (end == url.length() || url.charAt(end) == ':' || url.charAt(end) == '@') {
        if (at > 0 && url.indexOf('/') == at) {
          return url.substring(0, at);
        }
        break;
      }
      at = url.indexOf(marker, at + 1);
    }
    throw BadWebhookException.invalidPayload(
        resourceUrl.path()
            + " "
            + Texts.quote(url)
            + " is not <host>/"
            + repository
            + "[:tag|@digest]");
  }
}
