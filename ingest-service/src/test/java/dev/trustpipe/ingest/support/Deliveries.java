package dev.trustpipe.ingest.support;

import dev.trustpipe.ingest.auth.SourceAuthenticator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Every fixture as the HTTP request its registry would send. */
public final class Deliveries {
  /** The secret GitHub's fixture signatures were made with (github/EXPECTED.md). */
  public static final String GITHUB_SECRET = "trustpipe-fixture-secret";

  /** Headers java.net.http sets itself. */
  private static final Set<String> RESTRICTED =
      Set.of("host", "content-length", "connection", "expect", "upgrade");

  /**
   * @param source the {@code {source}} of the URL
   * @param receiptTimed whether the event's time is the receipt time (no time in the payload)
   */
  public record Delivery(
      String source,
      String registry,
      String file,
      Map<String, String> headers,
      byte[] body,
      boolean receiptTimed) {
    @Override
    public String toString() {
      return registry + "/" + file;
    }
  }

  private Deliveries() {}

  /** With the credential each sender would present, {@code secret} being the shared one. */
  public static List<Delivery> all(String secret) {
    return List.of(
        captured("03-captures-003.txt"),
        captured("01-captures-001.txt"),
        captured("04-captures-004.txt"),
        captured("13-captures-013.txt"),
        captured("15-captures-015.txt"),
        captured("16-captures-016.txt"),
        json(
            "gitlab",
            "gitlab",
            "push-tag.json",
            "application/vnd.docker.distribution.events.v1+json",
            secret),
        json(
            "gitlab",
            "gitlab",
            "push-digest-only.json",
            "application/vnd.docker.distribution.events.v1+json",
            secret),
        json(
            "gitlab",
            "gitlab",
            "delete-digest.json",
            "application/vnd.docker.distribution.events.v1+json",
            secret),
        json(
            "gitlab",
            "gitlab",
            "delete-tag.json",
            "application/vnd.docker.distribution.events.v1+json",
            secret),
        json(
            "gitlab",
            "gitlab",
            "blob-push.json",
            "application/vnd.docker.distribution.events.v1+json",
            secret),
        json("harbor", "harbor", "default-push-tag.json", "application/json", secret),
        json("harbor", "harbor", "default-push-digest-only.json", "application/json", secret),
        json("harbor", "harbor", "default-delete.json", "application/json", secret),
        json(
            "harbor",
            "harbor",
            "cloudevents-push-tag.json",
            "application/cloudevents+json",
            secret),
        json("harbor", "harbor", "cloudevents-delete.json", "application/cloudevents+json", secret),
        token("dockerhub", "push-tag.json", secret),
        token("dockerhub", "push-tag-latest.json", secret),
        receiptTimed(json("quay", "quay", "push-tag.json", "application/json", secret)),
        receiptTimed(json("quay", "quay", "push-multiple-tags.json", "application/json", secret)),
        json("acr", "acr", "push-tag.json", "application/json", secret),
        json("acr", "acr", "delete.json", "application/json", secret),
        token("acr", "eventgrid-push.json", secret),
        github("package-published-tag.json", "a4adda61-7916-bfe5-4ecc-c36d3ef68279"),
        github("package-published-untagged.json", "d085441a-a5fc-9c4f-bd1b-8c0d687f7d39"),
        github("package-updated-tag.json", "a101841b-d105-9be2-0a6c-a3cce7736df5"),
        artifactory("pushed.json", secret),
        artifactory("pushed-multiarch.json", secret),
        artifactory("deleted.json", secret),
        artifactory("promoted.json", secret),
        json("ecr", "ecr", "push-tag.json", "application/json", secret),
        json("ecr", "ecr", "delete.json", "application/json", secret),
        token("gar", "push-tag.json", secret),
        token("gar", "push-digest-only.json", secret),
        token("gar", "delete-tag.json", secret));
  }

  /** A Distribution capture, replayed with the headers the registry sent. */
  public static Delivery captured(String file) {
    Fixtures.CapturedRequest request = Fixtures.captured(file);
    Map<String, String> headers = new LinkedHashMap<>();
    request
        .headers()
        .forEach(
            (name, value) -> {
              if (!RESTRICTED.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                headers.put(name, value);
              }
            });
    return new Delivery(
        "distribution", "distribution", "captured/" + file, headers, request.body(), false);
  }

  /** The captures carry {@code Authorization: Bearer s3cret}; replace it with {@code secret}. */
  public static Delivery withBearer(Delivery delivery, String secret) {
    Map<String, String> headers = new LinkedHashMap<>(delivery.headers());
    headers.put("Authorization", "Bearer " + secret);
    return new Delivery(
        delivery.source(),
        delivery.registry(),
        delivery.file(),
        headers,
        delivery.body(),
        delivery.receiptTimed());
  }

  private static Delivery json(
      String source, String registry, String file, String contentType, String secret) {
    return new Delivery(
        source,
        registry,
        file,
        Map.of("Content-Type", contentType, "Authorization", "Bearer " + secret),
        Fixtures.body(registry, file),
        false);
  }

  private static Delivery receiptTimed(Delivery delivery) {
    return new Delivery(
        delivery.source(),
        delivery.registry(),
        delivery.file(),
        delivery.headers(),
        delivery.body(),
        true);
  }

  /** Senders that cannot set headers: the secret rides in {@code ?token=} (see {@link #url}). */
  private static Delivery token(String registry, String file, String secret) {
    return new Delivery(
        registry,
        registry,
        file,
        Map.of("Content-Type", "application/json", "X-Test-Token", secret),
        Fixtures.body(registry, file),
        false);
  }

  private static Delivery github(String file, String deliveryId) {
    byte[] body = Fixtures.body("github", file);
    String signature =
        "sha256="
            + HexFormat.of()
                .formatHex(
                    SourceAuthenticator.hmacSha256(
                        GITHUB_SECRET.getBytes(java.nio.charset.StandardCharsets.UTF_8), body));
    return new Delivery(
        "github",
        "github",
        file,
        Map.of(
            "Content-Type", "application/json",
            "X-GitHub-Event", "package",
            "X-GitHub-Delivery", deliveryId,
            "X-GitHub-Hook-ID", "512345678",
            "X-Hub-Signature-256", signature),
        body,
        true);
  }

  private static Delivery artifactory(String file, String secret) {
    return new Delivery(
        "artifactory",
        "artifactory",
        file,
        Map.of("Content-Type", "application/json", "X-JFrog-Event-Auth", secret),
        Fixtures.body("artifactory", file),
        true);
  }

  /** The URL to post {@code delivery} to ({@code ?token=} for senders without headers). */
  public static String path(Delivery delivery) {
    String token = delivery.headers().get("X-Test-Token");
    return "/webhooks/" + delivery.source() + (token == null ? "" : "?token=" + token);
  }

  /** The headers to send: the test-only token marker removed. */
  public static Map<String, String> headers(Delivery delivery) {
    Map<String, String> headers = new LinkedHashMap<>(delivery.headers());
    headers.remove("X-Test-Token");
    return headers;
  }
}
