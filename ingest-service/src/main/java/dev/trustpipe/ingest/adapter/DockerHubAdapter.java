package dev.trustpipe.ingest.adapter;

import java.time.Instant;
import java.util.Set;

/**
 * Docker Hub repository webhooks. They carry no manifest digest, media type, size or event id: the
 * push is produced with its tag and the digest marked as owed ({@code REQUIRED}), and the key is
 * repo_name + tag + pushed_at. {@code callback_url} is legacy and never called.
 */
public final class DockerHubAdapter implements WebhookAdapter {

  public static final String SOURCE = "dockerhub";
  static final String HOST = "docker.io";

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
    JsonValue pushData = root.get("push_data").requireObject();
    String repoName = root.get("repository").get("repo_name").text();
    // official images are named without a namespace; Docker's name for them is library/<name>
    String repository = repoName.contains("/") ? repoName : "library/" + repoName;
    var tag = pushData.get("tag").nonEmptyText();
    if (tag.isEmpty()) {
      return ParsedWebhook.of(
          new Ignored(IgnoreReason.NO_TAG, "push of " + Texts.quote(repoName) + " names no tag"));
    }
    JsonValue pushedAtValue = pushData.get("pushed_at");
    Instant pushedAt = pushedAtValue.epochSeconds();
    RegistryEventId eventId =
        RegistryEventId.synthetic(SOURCE, repository, tag.get(), pushedAt.toString());
    return ParsedWebhook.of(
        RegistryEvent.push(
            SOURCE,
            HOST,
            repository,
            tag.get(),
            null,
            null,
            null,
            pushData.get("pusher").nonEmptyText().orElse(null),
            eventId,
            pushedAt));
  }
}
