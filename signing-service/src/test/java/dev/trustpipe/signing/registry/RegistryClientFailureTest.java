package dev.trustpipe.signing.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.trustpipe.signing.support.MutableClock;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How {@link RegistryClient} treats answers the real registry cannot be made to give on demand (a
 * 503, a 429 with {@code Retry-After}, a HEAD without {@code Docker-Content-Digest}, a 400): a
 * scripted HTTP server stands in for a registry having a bad moment.
 */
class RegistryClientFailureTest {
  private static final String MANIFEST =
      "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\"}";
  private static final String DIGEST =
      "sha256:"
          + dev.trustpipe.signing.support.TestRegistry.sha256Hex(
              MANIFEST.getBytes(StandardCharsets.UTF_8));

  private record Answer(int status, String digest, String retryAfter) {}

  private final Deque<Answer> script = new ArrayDeque<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private HttpServer server;
  private String host;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
  private final RegistryClient client =
      new RegistryClient(
          RegistrySettings.defaults()
              .withRetries(3, Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(5)),
          clock);

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/v2/", this::answer);
    server.start();
    host = "127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private synchronized void answer(HttpExchange exchange) throws IOException {
    try (exchange) {
      requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
      assertThat(exchange.getRequestHeaders().getFirst("Accept"))
          .contains(RegistryClient.MANIFEST_MEDIA_TYPES);
      Answer next = script.isEmpty() ? new Answer(200, DIGEST, null) : script.poll();
      byte[] body = MANIFEST.getBytes(StandardCharsets.UTF_8);
      exchange
          .getResponseHeaders()
          .add("Content-Type", "application/vnd.oci.image.manifest.v1+json");
      if (next.digest() != null) {
        exchange.getResponseHeaders().add("Docker-Content-Digest", next.digest());
      }
      if (next.retryAfter() != null) {
        exchange.getResponseHeaders().add("Retry-After", next.retryAfter());
      }
      boolean head = exchange.getRequestMethod().equals("HEAD");
      if (next.status() != 200) {
        exchange.sendResponseHeaders(next.status(), -1);
      } else if (head) {
        exchange.getResponseHeaders().add("Content-Length", String.valueOf(body.length));
        exchange.sendResponseHeaders(200, -1);
      } else {
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
      }
    }
  }

  @Test
  void serverErrorsAndRateLimitsAreRetriedUntilTheRegistryAnswers() throws Exception {
    script.add(new Answer(503, null, null));
    script.add(new Answer(429, null, "0"));

    assertThat(client.headManifest(host, "team/app", "v1"))
        .contains(
            new ManifestDescriptor(
                DIGEST, "application/vnd.oci.image.manifest.v1+json", MANIFEST.length()));
    assertThat(requests).hasSize(3);
  }

  @Test
  void aRegistryThatKeepsFailingIsUnavailableNeverAnAnswer() {
    for (int i = 0; i < 3; i++) {
      script.add(new Answer(502, null, null));
    }

    assertThatThrownBy(() -> client.headManifest(host, "team/app", "v1"))
        .isInstanceOf(RegistryUnavailableException.class)
        .hasMessageContaining("HTTP 502")
        .hasMessageContaining("3 tries");
    assertThat(requests).hasSize(3);
  }

  @Test
  void withoutDockerContentDigestTheManifestIsFetchedAndHashed() throws Exception {
    script.add(new Answer(200, null, null));
    script.add(new Answer(200, null, null));

    assertThat(client.headManifest(host, "team/app", "v1"))
        .map(ManifestDescriptor::digest)
        .contains(DIGEST);
    assertThat(requests)
        .containsExactly("HEAD /v2/team/app/manifests/v1", "GET /v2/team/app/manifests/v1");
  }

  @Test
  void aMalformedDigestHeaderIsNotTrustedEither() throws Exception {
    script.add(new Answer(200, "sha256:xyz", null));
    script.add(new Answer(200, "sha256:xyz", null));

    assertThat(client.headManifest(host, "team/app", "v1"))
        .map(ManifestDescriptor::digest)
        .contains(DIGEST);
  }

  @Test
  void aFinalClientErrorIsARefusalNotARetry() {
    script.add(new Answer(400, null, null));

    assertThatThrownBy(() -> client.headManifest(host, "team/app", "v1"))
        .isInstanceOf(RegistryRefusedException.class)
        .hasMessageContaining("HTTP 400");
    assertThat(requests).hasSize(1);
  }
}
