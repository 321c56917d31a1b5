package dev.trustpipe.ingest.adapter;

import dev.trustpipe.contracts.Digest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * GitHub Packages ({@code ghcr.io}) {@code package} and legacy {@code registry_package} webhooks:
 * {@code published} and {@code updated} of a container package are pushes. The event id is the
 * {@code X-GitHub-Delivery} header; the time is the receipt time (GitHub's example carries the zero
 * time). The payload may come as JSON or as a form whose {@code payload} field holds the JSON.
 *
 * <p>The digest is {@code package_version.name}; the other digests in the payload must agree with
 * it when they are well-formed (GitHub's own example has 40-hex ones).
 */
public final class GitHubAdapter implements WebhookAdapter {

  public static final String SOURCE = "github";

  private static final String FORM = "application/x-www-form-urlencoded";

  private final Clock clock;

  public GitHubAdapter(Clock clock) {
    this.clock = clock;
  }

  @Override
  public String source() {
    return SOURCE;
  }

  @Override
  public Set<String> contentTypes() {
    return Set.of("application/json", FORM);
  }

  @Override
  public ParsedWebhook parse(byte[] body, WebhookHeaders headers) {
    boolean form = headers.mediaType().map(FORM::equals).orElse(false);
    JsonValue root = (form ? JsonValue.parse(formPayload(body)) : JsonValue.parse(body));
    root.requireObject();
    String event =
        headers
            .first("X-GitHub-Event")
            .orElseGet(() -> root.has("registry_package") ? "registry_package" : "package");
    if (event.equals("ping")) {
      return ParsedWebhook.of(new Ignored(IgnoreReason.PING, "GitHub ping"));
    }
    if (!event.equals("package") && !event.equals("registry_package")) {
      return ParsedWebhook.of(
          new Ignored(IgnoreReason.NOT_A_MANIFEST_EVENT, "event " + Texts.quote(event)));
    }
    String action = root.get("action").text();
    if (!action.equals("published") && !action.equals("updated")) {
      return ParsedWebhook.of(
          new Ignored(IgnoreReason.NOT_A_MANIFEST_EVENT, "action " + Texts.quote(action)));
    }
    JsonValue pkg = root.get(event).requireObject();
    String packageType = pkg.get("package_type").text();
    String kind = packageType.toUpperCase(Locale.ROOT);
    if (!kind.equals("CONTAINER") && !kind.equals("DOCKER")) {
      return ParsedWebhook.of(
          new Ignored(IgnoreReason.NOT_A_CONTAINER, "package_type " + Texts.quote(packageType)));
    }
    String deliveryId =
        headers
            .first("X-GitHub-Delivery")
            .orElseThrow(
                () ->
                    BadWebhookException.invalidPayload(
                        "the X-GitHub-Delivery header is missing; GitHub sends it with every"
                            + " delivery"));
    JsonValue version = pkg.get("package_version").requireObject();
    JsonValue metadata = version.get("container_metadata");
    JsonValue manifest = metadata.get("manifest");
    String digest = digest(version, metadata, manifest);
    String host;
    String repository;
    Optional<String> packageUrl = version.get("package_url").nonEmptyText();
    if (packageUrl.isPresent()) {
      ImageReference reference =
          ImageReference.parse(packageUrl.get(), version.get("package_url").path());
      host = reference.host();
      repository = reference.repository();
    } else {
      host = "ghcr.io";
      repository = pkg.get("namespace").text() + "/" + pkg.get("name").text();
    }
    return ParsedWebhook.of(
        RegistryEvent.push(
            SOURCE,
            host,
            // ghcr.io names are lowercase; GitHub owners need not be
            repository.toLowerCase(Locale.ROOT),
            metadata.get("tag").get("name").nonEmptyText().orElse(null),
            digest,
            manifest.get("media_type").nonEmptyText().orElse(null),
            manifest.get("size").optionalSize().orElse(null),
            root.get("sender").get("login").nonEmptyText().orElse(null),
            RegistryEventId.reported(deliveryId),
            clock.instant()));
  }

  private static String digest(JsonValue version, JsonValue metadata, JsonValue manifest) {
    JsonValue name = version.get("name");
    JsonValue versionField = version.get("version");
    String digest;
    if (isSha256(name)) {
      digest = name.text();
    } else if (isSha256(versionField)) {
      digest = versionField.text();
    } else {
      throw BadWebhookException.invalidPayload(
          name.path()
              + " "
              + Texts.quote(name.optionalText().orElse(null))
              + " is not a sha256 manifest digest");
    }
    for (JsonValue other :
        new JsonValue[] {versionField, metadata.get("tag").get("digest"), manifest.get("digest")}) {
      if (isSha256(other) && !other.text().equals(digest)) {
        throw BadWebhookException.invalidPayload(
            other.path()
                + " "
                + Texts.quote(other.text())
                + " contradicts "
                + name.path()
                + " "
                + Texts.quote(digest));
      }
    }
    return digest;
  }

  private static boolean isSha256(JsonValue value) {
    if (!value.isPresent()) {
      return false;
    }
    String text = value.text();
    return text.startsWith("sha256:") && Digest.isValid(text);
  }

  /** The {@code payload} field of an {@code application/x-www-form-urlencoded} body. */
  private static byte[] formPayload(byte[] body) {
    String form = new String(body, StandardCharsets.UTF_8);
    for (String pair : form.split("&")) {
      int equals = pair.indexOf('=');
      String name = equals < 0 ? pair : pair.substring(0, equals);
      if (decode(name).equals("payload")) {
        return decode(equals < 0 ? "" : pair.substring(equals + 1))
            .getBytes(StandardCharsets.UTF_8);
      }
    }
    throw BadWebhookException.invalidPayload("the form has no payload field");
  }

  private static String decode(String value) {
    try {
      return URLDecoder.decode(value, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw BadWebhookException.invalidPayload("the form is not URL-encoded: " + e.getMessage());
    }
  }
}
