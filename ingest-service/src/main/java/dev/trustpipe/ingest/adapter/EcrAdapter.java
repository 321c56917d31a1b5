package dev.trustpipe.ingest.adapter;

import java.util.Set;

/**
 * Amazon ECR's EventBridge event {@code ECR Image Action}, as an EventBridge API destination posts
 * it (no input transformer). Only {@code source: aws.ecr}, {@code detail-type: ECR Image Action}
 * and {@code result: SUCCESS} count; the same rule can match scans, replication and pull-through
 * caching, which are ignored. The host is {@code <account>.dkr.ecr.<region>.amazonaws.com}.
 */
public final class EcrAdapter implements WebhookAdapter {

  public static final String SOURCE = "ecr";

  private static final String DETAIL_TYPE = "ECR Image Action";

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
    String eventSource = root.get("source").text();
    String detailType = root.get("detail-type").text();
    if (!eventSource.equals("aws.ecr") || !detailType.equals(DETAIL_TYPE)) {
      return ParsedWebhook.of(
          new Ignored(
              IgnoreReason.NOT_A_MANIFEST_EVENT,
              Texts.quote(eventSource) + " " + Texts.quote(detailType)));
    }
    JsonValue detail = root.get("detail").requireObject();
    String result = detail.get("result").text();
    if (!result.equals("SUCCESS")) {
      return ParsedWebhook.of(
          new Ignored(IgnoreReason.FAILED_OPERATION, "result " + Texts.quote(result)));
    }
    String actionType = detail.get("action-type").text();
    if (!actionType.equals("PUSH") && !actionType.equals("DELETE")) {
      return ParsedWebhook.of(
          new Ignored(IgnoreReason.NOT_A_MANIFEST_EVENT, "action-type " + Texts.quote(actionType)));
    }
    String host =
        root.get("account").text() + ".dkr.ecr." + root.get("region").text() + ".amazonaws.com";
    String repository = detail.get("repository-name").text();
    String tag = detail.get("image-tag").nonEmptyText().orElse(null);
    String mediaType = detail.get("manifest-media-type").nonEmptyText().orElse(null);
    RegistryEventId eventId = RegistryEventId.reported(root.get("id").text());
    var time = root.get("time").rfc3339();
    if (actionType.equals("PUSH")) {
      return ParsedWebhook.of(
          RegistryEvent.push(
              SOURCE,
              host,
              repository,
              tag,
              detail.get("image-digest").text(),
              mediaType,
              null,
              null,
              eventId,
              time));
    }
    return ParsedWebhook.of(
        RegistryEvent.delete(
            SOURCE,
            host,
            repository,
            tag,
            detail.get("image-digest").nonEmptyText().orElse(null),
            mediaType,
            null,
            eventId,
            time));
  }
}
