package dev.trustpipe.signing.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trustpipe.contracts.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks a registry what a manifest reference currently is, through the registry API that every
 * registry speaks (Distribution's {@code HEAD /v2/<name>/manifests/<reference>}), accepting all
 * four manifest media types so that an index or manifest list is answered as itself.
 *
 * <p>Authentication follows the registry's {@code WWW-Authenticate} challenge: Distribution's token
 * flow ({@code Bearer realm,service,scope}: a pull token fetched from the realm with the configured
 * account, or anonymously, cached until it expires) or HTTP basic auth. Transient failures
 * (connection errors, timeouts, 5xx, 429, refused credentials) are retried with exponential backoff
 * and then reported as {@link RegistryUnavailableException}, never as an answer.
 *
 * <p>Credentials never appear in exceptions or logs.
 */
public final class RegistryClient {
  private static final Logger log = LoggerFactory.getLogger(RegistryClient.class);

  /** OCI index, OCI manifest, Docker manifest list, Docker schema 2 manifest. */
  public static final List<String> MANIFEST_MEDIA_TYPES =
      List.of(
          "application/vnd.oci.image.index.v1+json",
          "application/vnd.oci.image.manifest.v1+json",
          "application/vnd.docker.distribution.manifest.list.v2+json",
          "application/vnd.docker.distribution.manifest.v2+json");

  static final String ACCEPT = String.join(", ", MANIFEST_MEDIA_TYPES);

  /** Distribution refuses manifests over 4 MiB; a GET fallback reads at most this much. */
  private static final int MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

  private static final int MAX_TOKEN_RESPONSE_BYTES = 1024 * 1024;
  private static final Duration DEFAULT_TOKEN_LIFETIME = Duration.ofSeconds(60);
  private static final Duration TOKEN_MARGIN = Duration.ofSeconds(5);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final RegistrySettings settings;
  private final Clock clock;
  private final HttpClient http;
  private final ConcurrentMap<String, AuthChallenge> challenges = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Token> tokens = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Instant> unavailableUntil = new ConcurrentHashMap<>();

  private record Token(String value, Instant expires) {}

  /** A try that failed in a way another try may not. */
  private static final class TransientFailure extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient Duration retryAfter;

    TransientFailure(String message, Duration retryAfter, Throwable cause) {
      super(message, cause);
      this.retryAfter = retryAfter;
    }
  }

  public RegistryClient(RegistrySettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(settings.connectTimeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /**
   * What {@code reference} (a tag or a digest) in {@code repository} on {@code host} currently is;
   * empty when the registry answers 404 (manifest, tag or repository unknown).
   *
   * @param host the registry host as events name it ({@code host[:port]}; {@code docker.io} means
   *     Docker Hub)
   * @throws RegistryUnavailableException the registry could not answer within the retry policy
   * @throws RegistryRefusedException the registry gave a final answer that is not a manifest
   */
  public Optional<ManifestDescriptor> headManifest(String host, String repository, String reference)
      throws RegistryUnavailableException, RegistryRefusedException {
    Instant blockedUntil = unavailableUntil.get(host);
    if (blockedUntil != null && clock.instant().isBefore(blockedUntil)) {
      throw new RegistryUnavailableException(
          "registry "
              + host
              + " was unavailable moments ago; not asked again before "
              + blockedUntil);
    }
    Duration pause = settings.backoff();
    for (int attempt = 1; ; attempt++) {
      try {
        Optional<ManifestDescriptor> answer = lookUp(host, repository, reference);
        unavailableUntil.remove(host);
        return answer;
      } catch (TransientFailure failure) {
        if (attempt >= settings.attempts()) {
          unavailableUntil.put(host, clock.instant().plus(settings.cooldown()));
          throw new RegistryUnavailableException(
              failure.getMessage() + " (" + attempt + " tries)", failure.getCause());
        }
        Duration wait =
            failure.retryAfter != null ? min(failure.retryAfter, settings.maxBackoff()) : pause;
        log.info(
            "registry {}: {}; trying again in {} ms", host, failure.getMessage(), wait.toMillis());
        if (!sleep(wait)) {
          throw new RegistryUnavailableException(
              "interrupted while waiting to ask registry " + host + " again");
        }
        pause = min(pause.multipliedBy(2), settings.maxBackoff());
      }
    }
  }

  private Optional<ManifestDescriptor> lookUp(String host, String repository, String reference)
      throws TransientFailure, RegistryRefusedException {
    URI uri =
        URI.create(
            settings.scheme(host)
                + "://"
                + RegistrySettings.apiHost(host)
                + "/v2/"
                + repository
                + "/manifests/"
                + reference);
    String what = host + "/" + repository + ":" + reference;
    HttpResponse<Void> response =
        send(host, repository, uri, "HEAD", knownAuthorization(host, repository));
    if (response.statusCode() == 401) {
      List<AuthChallenge> offered = new ArrayList<>();
      response
          .headers()
          .allValues("WWW-Authenticate")
          .forEach(v -> offered.addAll(AuthChallenge.parse(v)));
      String authorization = authorize(host, repository, offered);
      response = send(host, repository, uri, "HEAD", authorization);
    }
    int status = response.statusCode();
    if (status == 200) {
      Optional<String> digest = response.headers().firstValue("Docker-Content-Digest");
      OptionalLong length = response.headers().firstValueAsLong("Content-Length");
      String mediaType =
          response
              .headers()
              .firstValue("Content-Type")
              .map(RegistryClient::bareMediaType)
              .orElse(null);
      if (digest.isPresent() && Digest.isValid(digest.get()) && length.isPresent()) {
        return Optional.of(new ManifestDescriptor(digest.get(), mediaType, length.getAsLong()));
      }
      return Optional.of(fetchAndHash(host, repository, uri, what));
    }
    if (status == 404) {
      return Optional.empty();
    }
    throw failure(status, response, what);
  }

  /** The GET fallback for registries whose HEAD lacks the digest or length: hash the manifest. */
  private ManifestDescriptor fetchAndHash(String host, String repository, URI uri, String what)
      throws TransientFailure, RegistryRefusedException {
    HttpRequest request = request(uri, "GET", knownAuthorization(host, repository));
    HttpResponse<InputStream> response =
        exchange(request, HttpResponse.BodyHandlers.ofInputStream(), what);
    try (InputStream body = response.body()) {
      if (response.statusCode() != 200) {
        throw failure(response.statusCode(), response, what);
      }
      byte[] manifest = body.readNBytes(MAX_MANIFEST_BYTES + 1);
      if (manifest.length > MAX_MANIFEST_BYTES) {
        throw new RegistryRefusedException(200, "manifest " + what + " is larger than 4 MiB");
      }
      String mediaType =
          response
              .headers()
              .firstValue("Content-Type")
              .map(RegistryClient::bareMediaType)
              .orElse(null);
      return new ManifestDescriptor("sha256:" + sha256Hex(manifest), mediaType, manifest.length);
    } catch (IOException e) {
      throw new TransientFailure(
          "reading manifest " + what + " failed: " + e.getMessage(), null, e);
    }
  }

  private static <T> TransientFailure retryable(int status, HttpResponse<T> response, String what) {
    Duration retryAfter =
        response.headers().firstValueAsLong("Retry-After").stream()
            .mapToObj(Duration::ofSeconds)
            .findFirst()
            .orElse(null);
    return new TransientFailure(
        "registry answered HTTP " + status + " for manifest " + what, retryAfter, null);
  }

  /** Maps a status that is neither 200 nor 404 to a retry or a final refusal. */
  private static <T> TransientFailure failure(int status, HttpResponse<T> response, String what)
      throws RegistryRefusedException {
    if (status == 401 || status == 403) {
      return new TransientFailure(
          "registry refused access (HTTP "
              + status
              + ") to manifest "
              + what
              + "; check the registry credentials configured for this host",
          null,
          null);
    }
    if (status == 408 || status == 429 || status >= 500) {
      return retryable(status, response, what);
    }
    throw new RegistryRefusedException(
        status, "registry answered HTTP " + status + " for manifest " + what);
  }

  private HttpResponse<Void> send(
      String host, String repository, URI uri, String method, String authorization)
      throws TransientFailure {
    return exchange(
        request(uri, method, authorization),
        HttpResponse.BodyHandlers.discarding(),
        host + "/" + repository);
  }

  private HttpRequest request(URI uri, String method, String authorization) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(uri)
            .timeout(settings.requestTimeout())
            .header("Accept", ACCEPT)
            .header("User-Agent", "trustpipe-signing-service")
            .method(method, HttpRequest.BodyPublishers.noBody());
    if (authorization != null) {
      builder.header("Authorization", authorization);
    }
    return builder.build();
  }

  private <T> HttpResponse<T> exchange(
      HttpRequest request, HttpResponse.BodyHandler<T> handler, String what)
      throws TransientFailure {
    try {
      return http.send(request, handler);
    } catch (IOException e) {
      throw new TransientFailure(
          request.method() + " " + request.uri() + " failed: " + describe(e), null, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransientFailure("interrupted while asking the registry about " + what, null, e);
    }
  }

  /**
   * The {@code Authorization} to send before any challenge of this request was seen: what the host
   * asked for last time (a cached or fresh token for this repository, or basic auth).
   */
  private String knownAuthorization(String host, String repository) throws TransientFailure {
    AuthChallenge challenge = challenges.get(host);
    if (challenge == null) {
      return null;
    }
    return authorizationFor(host, repository, challenge);
  }

  /** Answers a 401: remembers the challenge and builds the credentials it asks for. */
  private String authorize(String host, String repository, List<AuthChallenge> offered)
      throws TransientFailure {
    Optional<AuthChallenge> usable =
        offered.stream()
            .filter(c -> c.scheme().equals("bearer") && c.param("realm").isPresent())
            .findFirst()
            .or(() -> offered.stream().filter(c -> c.scheme().equals("basic")).findFirst());
    if (usable.isEmpty()) {
      throw new TransientFailure(
          "registry " + host + " answered 401 without a Bearer or Basic challenge", null, null);
    }
    challenges.put(host, usable.get());
    if (usable.get().scheme().equals("bearer")) {
      tokens.remove(tokenKey(host, repository, usable.get()));
    }
    String authorization = authorizationFor(host, repository, usable.get());
    if (authorization == null) {
      throw new TransientFailure(
          "registry " + host + " asks for basic auth and no credentials are configured for it",
          null,
          null);
    }
    return authorization;
  }

  private String authorizationFor(String host, String repository, AuthChallenge challenge)
      throws TransientFailure {
    Optional<RegistryCredentials> account = settings.credentialsFor(host);
    if (challenge.scheme().equals("basic")) {
      return account.map(RegistryCredentials::basicAuthorization).orElse(null);
    }
    String key = tokenKey(host, repository, challenge);
    Token token = tokens.get(key);
    if (token == null || !clock.instant().isBefore(token.expires())) {
      token = fetchToken(host, repository, challenge, account);
      tokens.put(key, token);
    }
    return "Bearer " + token.value();
  }

  private static String tokenKey(String host, String repository, AuthChallenge challenge) {
    return host + " " + challenge.param("realm").orElse("") + " " + scope(repository);
  }

  private static String scope(String repository) {
    return "repository:" + repository + ":pull";
  }

  /** Distribution's token flow: GET realm?service=...&scope=repository:<name>:pull. */
  private Token fetchToken(
      String host,
      String repository,
      AuthChallenge challenge,
      Optional<RegistryCredentials> account)
      throws TransientFailure {
    String realm = challenge.param("realm").orElseThrow();
    URI realmUri;
    try {
      realmUri = URI.create(realm);
    } catch (IllegalArgumentException e) {
      throw new TransientFailure("registry " + host + " named an invalid token realm", null, e);
    }
    String realmScheme = String.valueOf(realmUri.getScheme()).toLowerCase(Locale.ROOT);
    boolean plainAllowed = settings.scheme(host).equals("http");
    if (!realmScheme.equals("https") && !(realmScheme.equals("http") && plainAllowed)) {
      throw new TransientFailure(
          "registry "
              + host
              + " named token realm "
              + realm
              + "; only https is used (or http for"
              + " a registry that is itself reached over http)",
          null,
          null);
    }
    StringBuilder query = new StringBuilder();
    challenge
        .param("service")
        .ifPresent(s -> query.append("service=").append(encode(s)).append('&'));
    query.append("scope=").append(encode(scope(repository)));
    URI tokenUri = URI.create(realm + (realm.contains("?") ? "&" : "?") + query);
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(tokenUri)
            .timeout(settings.requestTimeout())
            .header("User-Agent", "trustpipe-signing-service")
            .GET();
    account.ifPresent(a -> builder.header("Authorization", a.basicAuthorization()));
    HttpResponse<InputStream> response =
        exchange(builder.build(), HttpResponse.BodyHandlers.ofInputStream(), host + " token");
    try (InputStream body = response.body()) {
      int status = response.statusCode();
      if (status != 200) {
        throw new TransientFailure(
            "token server "
                + realmUri.getHost()
                + " answered HTTP "
                + status
                + " for "
                + host
                + (status == 401 || status == 403 ? "; check the registry credentials" : ""),
            null,
            null);
      }
      byte[] bytes = body.readNBytes(MAX_TOKEN_RESPONSE_BYTES);
      JsonNode json = JSON.readTree(bytes);
      String token = json.path("token").asText("");
      if (token.isEmpty()) {
        token = json.path("access_token").asText("");
      }
      if (token.isEmpty()) {
        throw new TransientFailure(
            "token server " + realmUri.getHost() + " answered without a token", null, null);
      }
      long expiresIn = json.path("expires_in").asLong(0);
      Duration lifetime = expiresIn > 0 ? Duration.ofSeconds(expiresIn) : DEFAULT_TOKEN_LIFETIME;
      Duration usable =
          lifetime.compareTo(TOKEN_MARGIN.multipliedBy(2)) > 0
              ? lifetime.minus(TOKEN_MARGIN)
              : lifetime;
      return new Token(token, clock.instant().plus(usable));
    } catch (IOException e) {
      throw new TransientFailure(
          "token server " + realmUri.getHost() + " sent an unreadable answer", null, e);
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static String bareMediaType(String contentType) {
    int semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim();
  }

  private static String describe(IOException e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  /** Pauses between tries; false when interrupted (the flag is kept set). */
  private static boolean sleep(Duration wait) {
    try {
      Thread.sleep(wait.toMillis());
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static String sha256Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
