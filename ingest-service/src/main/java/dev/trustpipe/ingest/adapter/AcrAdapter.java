package dev.trustpipe.ingest.adapter;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Azure Container Registry: its own webhooks (one event object per POST) and Event Grid deliveries
 * (a JSON array of Event Grid or CloudEvents-schema events whose {@code data} is that same object).
 * {@code push} and {@code delete} count; chart events, quarantine and pings are ignored. Event
 * Grid's subscription validation is answered with the {@code validationResponse} it asks for.
 */
public final class AcrAdapter implements WebhookAdapter {

  public static final String SOURCE = "acr";

  private static final String VALIDATION_EVENT = "Microsoft.EventGrid.SubscriptionValidationEvent";

  @Override
  public String source() {
    return SOURCE;
  }

  @Override
  public Set<String> contentTypes() {
    return Set.of(
        "application/json", "application/cloudevents+json", "application/cloudevents-batch+json");
  }

  @Override
  public ParsedWebhook parse(byte[] body, WebhookHeaders headers) {
    JsonValue root = JsonValue.parse(body);
    if (root.isArray()) {
      return eventGrid(root.elements());
    }
    root.requireObject();
    if (root.has("specversion")) {
      return eventGrid(List.of(root));
    }
    return ParsedWebhook.of(webhookEvent(root));
  }

  private ParsedWebhook eventGrid(List<JsonValue> events) {
    List<WebhookOutcome> outcomes = new ArrayList<>();
    Map<String, String> reply = Map.of();
    for (JsonValue event : events) {
      event.requireObject();
      // Event Grid schema names it eventType, the CloudEvents schema type; a 2018 revision
      // dropped the namespace, so match on the suffix
      JsonValue typeValue = event.has("eventType") ? event.get("eventType") : event.get("type");
      String type = typeValue.text();
      JsonValue data = event.get("data").requireObject();
      if (type.equals(VALIDATION_EVENT)) {
        reply = Map.of("validationResponse", data.get("validationCode").text());
        outcomes.add(new Ignored(IgnoreReason.PING, "Event Grid subscription validation"));
      } else if (type.endsWith("ImagePushed") || type.endsWith("ImageDeleted")) {
        outcomes.add(webhookEvent(data));
      } else {
        outcomes.add(new Ignored(IgnoreReason.NOT_A_MANIFEST_EVENT, Texts.quote(type)));
      }
    }
    return new ParsedWebhook(outcomes, reply);
  }

  /** The ACR webhook object: {@code {id, timestamp, action, target, request}}. */
  private static WebhookOutcome webhookEvent(JsonValue event) {
    String action = event.get("action").text();
    if (!action.equals("push") && !action.equals("delete")) {
      IgnoreReason reason =
          action.equals("ping") ? IgnoreReason.PING : IgnoreReason.NOT_A_MANIFEST_EVENT;
      return new Ignored(reason, "action " + Texts.quote(action));
    }
    JsonValue target = event.get("target").requireObject();
    String host = event.get("request").get("host").text();
    String repository = target.get("repository").text();
    String tag = target.get("tag").nonEmptyText().orElse(null);
    String mediaType = target.get("mediaType").nonEmptyText().orElse(null);
    RegistryEventId eventId = RegistryEventId.reported(event.get("id").text());
    var occurredAt = event.get("timestamp").rfc3339();
    if (action.equals("push")) {
      Long size =
          target
              .get("size")
              .optionalSize()
              .or(() -> target.get("length").optionalSize())
              .orElse(null);
      return RegistryEvent.push(
          SOURCE,
          host,
          repository,
          tag,
          target.get("digest").text(),
          mediaType,
          size,
          null,
          eventId,
          occurredAt);
    }
    return RegistryEvent.delete(
        SOURCE,
        host,
        repository,
        tag,
        target.get("digest").nonEmptyText().orElse(null),
        mediaType,
        null,
        eventId,
        occurredAt);
  }
}
