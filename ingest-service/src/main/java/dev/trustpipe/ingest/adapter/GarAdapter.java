package dev.trustpipe.ingest.adapter;

import java.util.Base64;
import java.util.Set;

/**
 * Google Artifact Registry notifications through a Pub/Sub push subscription: the push envelope
 * whose {@code message.data} is base64 of {@code {"action":"INSERT"|"DELETE","digest"?,"tag"?}}.
 * {@code digest} and {@code tag} are full references ({@code host/project/repo/image@sha256:...},
 * {@code host/project/repo/image:tag}); both must name the same image. The id is {@code
 * message.messageId}, the time {@code message.publishTime}.
 */
public final class GarAdapter implements WebhookAdapter {

  public static final String SOURCE = "gar";

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
    JsonValue message = JsonValue.parse(body).requireObject().get("message").requireObject();
    JsonValue messageId =
        message.has("messageId") ? message.get("messageId") : message.get("message_id");
    JsonValue publishTime =
        message.has("publishTime") ? message.get("publishTime") : message.get("publish_time");
    JsonValue dataField = message.get("data");
    byte[] decoded;
    try {
      decoded = Base64.getDecoder().decode(dataField.text());
    } catch (IllegalArgumentException e) {
      throw BadWebhookException.invalidPayload(dataField.path() + " is not base64");
    }
    JsonValue data =
        JsonValue.parseEmbedded(decoded, dataField.path() + "(base64)").requireObject();
    String action = data.get("action").text();
    RegistryAction registryAction;
    if (action.equals("INSERT")) {
      registryAction = RegistryAction.PUSH;
    } else if (action.equals("DELETE")) {
      registryAction = RegistryAction.DELETE;
    } else {
      return ParsedWebhook.of(
          new Ignored(IgnoreReason.NOT_A_MANIFEST_EVENT, "action " + Texts.quote(action)));
    }
    ImageReference byDigest = reference(data.get("digest"));
    ImageReference byTag = reference(data.get("tag"));
    if (byDigest == null && byTag == null) {
      throw BadWebhookException.invalidPayload(
          data.path() + " has neither a digest nor a tag reference");
    }
    if (byDigest != null && byDigest.digest() == null) {
      throw BadWebhookException.invalidPayload(
          data.get("digest").path()
              + " "
              + Texts.quote(data.get("digest").text())
              + " has no @digest");
    }
    if (byTag != null && byTag.tag() == null) {
      throw BadWebhookException.invalidPayload(
          data.get("tag").path() + " " + Texts.quote(data.get("tag").text()) + " has no :tag");
    }
    if (byDigest != null
        && byTag != null
        && !(byDigest.host().equals(byTag.host())
            && byDigest.repository().equals(byTag.repository()))) {
      throw BadWebhookException.invalidPayload(
          "the digest and tag references name different images");
    }
    ImageReference image = byDigest != null ? byDigest : byTag;
    String tag = byTag == null ? null : byTag.tag();
    String digest = byDigest == null ? null : byDigest.digest();
    RegistryEventId eventId = RegistryEventId.reported(messageId.text());
    var time = publishTime.rfc3339();
    return ParsedWebhook.of(
        registryAction == RegistryAction.PUSH
            ? RegistryEvent.push(
                SOURCE,
                image.host(),
                image.repository(),
                tag,
                digest,
                null,
                null,
                null,
                eventId,
                time)
            : RegistryEvent.delete(
                SOURCE, image.host(), image.repository(), tag, digest, null, null, eventId, time));
  }

  private static ImageReference reference(JsonValue value) {
    return value.nonEmptyText().map(text -> ImageReference.parse(text, value.path())).orElse(null);
  }
}
