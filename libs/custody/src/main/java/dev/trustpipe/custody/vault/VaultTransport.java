package dev.trustpipe.custody.vault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trustpipe.custody.CustodyException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Vault's HTTP API over {@code java.net.http}: JSON in and out, the token header, timeouts, retries
 * with backoff and a circuit breaker. Transit needs raw bodies ({@code batch_input}, {@code
 * marshaling_algorithm}, {@code salt_length}, per-item errors in a 200) that the Vault drivers do
 * not model, so Transit calls go through here; logins go through {@link VaultSession}.
 */
final class VaultTransport {

  static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_ERROR_TEXT = 300;

  /** Sleeps between retries; tests pass one that records instead of sleeping. */
  interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  private final VaultSettings settings;
  private final HttpClient http;
  private final VaultSession session;
  private final CircuitBreaker breaker;
  private final Sleeper sleeper;

  VaultTransport(VaultSettings settings, Clock clock, Sleeper sleeper) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .connectTimeout(settings.connectTimeout())
            .followRedirects(HttpClient.Redirect.NEVER);
    settings.sslContext().ifPresent(builder::sslContext);
    this.http = builder.build();
    this.session = new VaultSession(settings, http, clock);
    this.breaker =
        new CircuitBreaker(
            settings.breakerFailureThreshold(), settings.breakerOpenDuration(), clock);
  }

  CircuitBreaker breaker() {
    return breaker;
  }

  JsonNode get(String path) throws CustodyException {
    return send("GET", path, null, true);
  }

  /**
   * @param idempotent whether a request that timed out may be sent again (signing: yes; key
   *     rotation: no, it could add two versions)
   */
  JsonNode post(String path, ObjectNode body, boolean idempotent) throws CustodyException {
    return send("POST", path, body, idempotent);
  }

  private JsonNode send(String method, String path, ObjectNode body, boolean idempotent)
      throws CustodyException {
    if (!breaker.tryAcquire()) {
      throw new VaultUnavailableException(
          "Vault at "
              + settings.address()
              + " is failing: circuit breaker open until "
              + breaker.retryAt()
              + " ("
              + method
              + " /v1/"
              + path
              + " not sent)");
    }
    byte[] payload;
    try {
      payload = body == null ? null : JSON.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new IllegalStateException("serialising a JSON tree cannot fail", e);
    }
    RetryPolicy retry = settings.retry();
    boolean loggedInAgain = false;
    String lastFailure = "no attempt";
    for (int attempt = 1; attempt <= retry.maxAttempts(); attempt++) {
      String token;
      try {
        token = session.token();
      } catch (VaultUnavailableException e) {
        breaker.recordFailure();
        throw e;
      } catch (CustodyException e) {
        breaker.recordAnswer();
        throw e;
      }
      HttpResponse<byte[]> response;
      try {
        response =
            http.send(
                request(method, path, payload, token), HttpResponse.BodyHandlers.ofByteArray());
      } catch (IOException e) {
        // Connection refused/reset or timeout. The message is the JDK's; it names no secret.
        lastFailure = e.getClass().getSimpleName();
        if (!idempotent && !(e instanceof java.net.ConnectException)) {
          break;
        }
        pause(retry, attempt);
        continue;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new VaultUnavailableException("interrupted while calling Vault");
      }
      int status = response.statusCode();
      if (status / 100 == 2) {
        breaker.recordSuccess();
        return parse(response.body(), method, path);
      }
      if ((status == 403 || status == 401) && session.canLogIn() && !loggedInAgain) {
        // The token may have been revoked or outlived its lease: log in again, once.
        session.invalidate();
        loggedInAgain = true;
        attempt--;
        continue;
      }
      if (RetryPolicy.isRetryableStatus(status)) {
        lastFailure = "HTTP " + status;
        pause(retry, attempt);
        continue;
      }
      breaker.recordAnswer();
      List<String> errors = errors(response.body());
      throw new VaultRequestException(
          method + " /v1/" + path + " failed: HTTP " + status + errorSuffix(errors),
          status,
          errors);
    }
    breaker.recordFailure();
    throw new VaultUnavailableException(
        method
            + " /v1/"
            + path
            + " to "
            + settings.address()
            + " failed after "
            + retry.maxAttempts()
            + " attempt(s): "
            + lastFailure);
  }

  private HttpRequest request(String method, String path, byte[] payload, String token) {
    URI uri = settings.address().resolve("/v1/" + path);
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(uri)
            .timeout(settings.requestTimeout())
            .header("Accept", "application/json");
    if (token != null) {
      builder.header("X-Vault-Token", token);
    }
    settings.namespace().ifPresent(ns -> builder.header("X-Vault-Namespace", ns));
    if (payload == null) {
      builder.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      builder
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofByteArray(payload));
    }
    return builder.build();
  }

  private void pause(RetryPolicy retry, int attempt) throws VaultUnavailableException {
    if (attempt >= retry.maxAttempts()) {
      return;
    }
    try {
      sleeper.sleep(retry.backoffAfter(attempt));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new VaultUnavailableException("interrupted while waiting to retry a Vault call");
    }
  }

  private static JsonNode parse(byte[] body, String method, String path) throws CustodyException {
    if (body == null || body.length == 0) {
      return MissingNode.getInstance();
    }
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new CustodyException(method + " /v1/" + path + ": Vault answered with invalid JSON");
    }
  }

  private static List<String> errors(byte[] body) {
    List<String> errors = new ArrayList<>();
    try {
      JsonNode tree = JSON.readTree(body);
      if (tree != null && tree.path("errors").isArray()) {
        for (JsonNode error : tree.path("errors")) {
          errors.add(printable(error.asText()));
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Vault's JSON error shape (e.g. a proxy's HTML page): the status says enough
    }
    return errors;
  }

  private static String errorSuffix(List<String> errors) {
    return errors.isEmpty() ? "" : ": " + String.join("; ", errors);
  }

  /** Bounded, single-line text from outside, safe to put in a message or a log line. */
  static String printable(String text) {
    StringBuilder out = new StringBuilder();
    text.codePoints()
        .limit(MAX_ERROR_TEXT)
        .forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? ' ' : c));
    return out.toString();
  }
}
