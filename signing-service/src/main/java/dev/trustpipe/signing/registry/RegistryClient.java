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
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Talks to a registry through the registry API that every registry speaks (the OCI distribution
 * spec, as Distribution serves it): asks what a manifest reference currently is ({@code HEAD
 * /v2/<name>/manifests/<reference>}), reads a manifest, and, for the OCI-signature bridge, uploads
 * blobs and puts manifests. It accepts all four manifest media types so that an index or manifest
 * list is answered as itself.
 *
 * <p>Authentication follows the registry's {@code WWW-Authenticate} challenge: Distribution's token
 * flow ({@code Bearer realm,service,scope}: a pull, or pull-and-push, token fetched from the realm
 * with the configured account, or anonymously, cached until it expires) or HTTP basic auth.
 * Transient failures (connection errors, timeouts, 5xx, 429, refused credentials) are retried with
 * exponential backoff and then reported as {@link RegistryUnavailableException}, never as an
 * answer.
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
    return withRetries(host, () -> lookUp(host, repository, reference));
  }

  /**
   * The manifest {@code reference} names, as the registry serves it; empty on 404.
   *
   * @throws RegistryUnavailableException the registry could not answer within the retry policy
   * @throws RegistryRefusedException a final answer that is not a manifest (or one over 4 MiB)
   */
  public Optional<ManifestContent> getManifest(String host, String repository, String reference)
      throws RegistryUnavailableException, RegistryRefusedException {
    return withRetries(host, () -> fetch(host, repository, reference));
  }

  /** Whether the repository holds the blob (HEAD); asks with pull-and-push rights. */
  public boolean hasBlob(String host, String repository, String digest)
      throws RegistryUnavailableException, RegistryRefusedException {
    Digest.of(digest);
    return withRetries(
        host,
        () -> {
          URI uri = uri(host, repository, "/blobs/" + digest);
          String what = "blob " + host + "/" + repository + "@" + digest;
          HttpResponse<byte[]> response =
              authorized(host, repository, Access.PUSH, a -> request(uri, "HEAD", a, null), what);
          if (response.statusCode() == 200) {
            return true;
          }
          if (response.statusCode() == 404) {
            return false;
          }
          throw failure(response.statusCode(), response, what);
        });
  }

  /**
   * Uploads {@code content} as a blob in one piece (POST for an upload session, then PUT with the
   * digest). The registry checks the digest; uploading a blob it holds already is harmless.
   */
  public void putBlob(String host, String repository, String digest, byte[] content)
      throws RegistryUnavailableException, RegistryRefusedException {
    Digest.of(digest);
    withRetries(
        host,
        () -> {
          String what = "blob upload " + host + "/" + repository + "@" + digest;
          URI start = uri(host, repository, "/blobs/uploads/");
          HttpResponse<byte[]> session =
              authorized(
                  host,
                  repository,
                  Access.PUSH,
                  a -> request(start, "POST", a, HttpRequest.BodyPublishers.noBody()),
                  what);
          if (session.statusCode() != 202) {
            throw failure(session.statusCode(), session, what);
          }
          String location =
              session
                  .headers()
                  .firstValue("Location")
                  .orElseThrow(
                      () ->
                          new TransientFailure(
                              "registry " + host + " opened an upload without a Location",
                              null,
                              null));
          URI upload = start.resolve(location);
          String separator = upload.getRawQuery() == null ? "?" : "&";
          URI finish = URI.create(upload + separator + "digest=" + encode(digest));
          HttpResponse<byte[]> done =
              authorized(
                  host,
                  repository,
                  Access.PUSH,
                  a ->
                      request(
                          finish,
                          "PUT",
                          a,
                          HttpRequest.BodyPublishers.ofByteArray(content),
                          "application/octet-stream"),
                  what);
          if (done.statusCode() != 201) {
            throw failure(done.statusCode(), done, what);
          }
          return null;
        });
  }

  /**
   * Stores a manifest under {@code reference} (a tag) and returns the digest the registry gives it.
   * Every blob it names must be in the repository already.
   */
  public String putManifest(
      String host, String repository, String reference, String mediaType, byte[] manifest)
      throws RegistryUnavailableException, RegistryRefusedException {
    return withRetries(
        host,
        () -> {
          URI uri = uri(host, repository, "/manifests/" + reference);
          String what = "manifest " + host + "/" + repository + ":" + reference;
          HttpResponse<byte[]> response =
              authorized(
                  host,
                  repository,
                  Access.PUSH,
                  a ->
                      request(
                          uri,
                          "PUT",
                          a,
                          HttpRequest.BodyPublishers.ofByteArray(manifest),
                          mediaType),
                  what);
          if (response.statusCode() != 201) {
            throw failure(response.statusCode(), response, what);
          }
          return response
              .headers()
              .firstValue("Docker-Content-Digest")
              .filter(Digest::isValid)
              .orElse("sha256:" + sha256Hex(manifest));
        });
  }

  /** One try of a registry exchange; {@link TransientFailure} asks for another. */
  @FunctionalInterface
  private interface Attempt<T> {
    T run() throws TransientFailure, RegistryRefusedException;
  }

  /**
   * Runs {@code attempt} with exponential backoff; after the last try the host rests for the
   * cooldown, so that a registry that is down is not asked by every event.
   */
  private <T> T withRetries(String host, Attempt<T> attempt)
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
    for (int tries = 1; ; tries++) {
      try {
        T answer = attempt.run();
        unavailableUntil.remove(host);
        return answer;
      } catch (TransientFailure failure) {
        if (tries >= settings.attempts()) {
          unavailableUntil.put(host, clock.instant().plus(settings.cooldown()));
          throw new RegistryUnavailableException(
              failure.getMessage() + " (" + tries + " tries)", failure.getCause());
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

  private URI uri(String host, String repository, String path) {
    return URI.create(
        settings.scheme(host)
            + "://"
            + RegistrySettings.apiHost(host)
            + "/v2/"
            + repository
            + path);
  }

  /** GET of a manifest, at most 4 MiB. */
  private Optional<ManifestContent> fetch(String host, String repository, String reference)
      throws TransientFailure, RegistryRefusedException {
    URI uri = uri(host, repository, "/manifests/" + reference);
    String what = "manifest " + host + "/" + repository + ":" + reference;
    HttpResponse<byte[]> response =
        authorized(host, repository, Access.PULL, a -> request(uri, "GET", a, null), what);
    if (response.statusCode() == 404) {
      return Optional.empty();
    }
    if (response.statusCode() != 200) {
      throw failure(response.statusCode(), response, what);
    }
    byte[] manifest = response.body();
    if (manifest.length > MAX_MANIFEST_BYTES) {
      throw new RegistryRefusedException(200, what + " is larger than 4 MiB");
    }
    String mediaType =
        response
            .headers()
            .firstValue("Content-Type")
            .map(RegistryClient::bareMediaType)
            .orElse(null);
    return Optional.of(new ManifestContent("sha256:" + sha256Hex(manifest), mediaType, manifest));
  }

  /**
   * Sends the request with the authorization the host asked for last time; on a 401 answers the
   * challenge and sends it once more. Bodies are small here (manifests, API errors), so they are
   * read whole.
   */
  private HttpResponse<byte[]> authorized(
      String host,
      String repository,
      Access access,
      Function<String, HttpRequest> request,
      String what)
      throws TransientFailure {
    HttpResponse<byte[]> response =
        exchange(
            request.apply(knownAuthorization(host, repository, access)),
            HttpResponse.BodyHandlers.ofByteArray(),
            what);
    if (response.statusCode() == 401) {
      String authorization = authorize(host, repository, access, challenges(response));
      response =
          exchange(request.apply(authorization), HttpResponse.BodyHandlers.ofByteArray(), what);
    }
    return response;
  }

  private static List<AuthChallenge> challenges(HttpResponse<?> response) {
    List<AuthChallenge> offered = new ArrayList<>();
    response
        .headers()
        .allValues("WWW-Authenticate")
        .forEach(v -> offered.addAll(AuthChallenge.parse(v)));
    return offered;
  }

  private Optional<ManifestDescriptor> lookUp(String host, String repository, String reference)
      throws TransientFailure, RegistryRefusedException {
    URI uri = uri(host, repository, "/manifests/" + reference);
    String what = "manifest " + host + "/" + repository + ":" + reference;
    HttpResponse<byte[]> response =
        authorized(host, repository, Access.PULL, a -> request(uri, "HEAD", a, null), what);
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
      // the GET fallback for registries whose HEAD lacks the digest or length: hash the manifest
      return fetch(host, repository, reference)
          .map(m -> new ManifestDescriptor(m.digest(), m.mediaType(), m.bytes().length));
    }
    if (status == 404) {
      return Optional.empty();
    }
    throw failure(status, response, what);
  }

  private static <T> TransientFailure retryable(int status, HttpResponse<T> response, String what) {
    Duration retryAfter =
        response.headers().firstValueAsLong("Retry-After").stream()
            .mapToObj(Duration::ofSeconds)
            .findFirst()
            .orElse(null);
    return new TransientFailure(
        "registry answered HTTP " + status + " for " + what, retryAfter, null);
  }

  /** Maps a status that is neither 200 nor 404 to a retry or a final refusal. */
  private static <T> TransientFailure failure(int status, HttpResponse<T> response, String what)
      throws RegistryRefusedException {
    if (status == 401 || status == 403) {
      return new TransientFailure(
          "registry refused access (HTTP "
              + status
              + ") to "
              + what
              + "; check the registry credentials configured for this host",
          null,
          null);
    }
    if (status == 408 || status == 429 || status >= 500) {
      return retryable(status, response, what);
    }
    throw new RegistryRefusedException(status, "registry answered HTTP " + status + " for " + what);
  }

  private HttpRequest request(
      URI uri, String method, String authorization, HttpRequest.BodyPublisher body) {
    return request(uri, method, authorization, body, null);
  }

  private HttpRequest request(
      URI uri,
      String method,
      String authorization,
      HttpRequest.BodyPublisher body,
      String contentType) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(uri)
            .timeout(settings.requestTimeout())
            .header("Accept", ACCEPT)
            .header("User-Agent", "trustpipe-signing-service")
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : body);
    if (authorization != null) {
      builder.header("Authorization", authorization);
    }
    if (contentType != null) {
      builder.header("Content-Type", contentType);
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
  private String knownAuthorization(String host, String repository, Access access)
      throws TransientFailure {
    AuthChallenge challenge = challenges.get(host);
    if (challenge == null) {
      return null;
    }
    return authorizationFor(host, repository, access, challenge);
  }

  /** Answers a 401: remembers the challenge and builds the credentials it asks for. */
  private String authorize(
      String host, String repository, Access access, List<AuthChallenge> offered)
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
      tokens.remove(tokenKey(host, repository, access, usable.get()));
    }
    String authorization = authorizationFor(host, repository, access, usable.get());
    if (authorization == null) {
      throw new TransientFailure(
          "registry " + host + " asks for basic auth and no credentials are configured for it",
          null,
          null);
    }
    return authorization;
  }

  private String authorizationFor(
      String host, String repository, Access access, AuthChallenge challenge)
      throws TransientFailure {
    Optional<RegistryCredentials> account = settings.credentialsFor(host);
    if (challenge.scheme().equals("basic")) {
      return account.map(RegistryCredentials::basicAuthorization).orElse(null);
    }
    String key = tokenKey(host, repository, access, challenge);
    Token token = tokens.get(key);
    if (token == null || !clock.instant().isBefore(token.expires())) {
      token = fetchToken(host, repository, access, challenge, account);
      tokens.put(key, token);
    }
    return "Bearer " + token.value();
  }

  private static String tokenKey(
      String host, String repository, Access access, AuthChallenge challenge) {
    return host + " " + challenge.param("realm").orElse("") + " " + access.scope(repository);
  }

  /** The rights a request needs, as a token scope asks for them. */
  private enum Access {
    PULL("pull"),
    PUSH("pull,push");

    private final String actions;

    Access(String actions) {
      this.actions = actions;
    }

    String scope(String repository) {
      return "repository:" + repository + ":" + actions;
    }
  }

  /** Distribution's token flow: GET realm?service=...&scope=repository:<name>:<actions>. */
  private Token fetchToken(
      String host,
      String repository,
      Access access,
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
    query.append("scope=").append(encode(access.scope(repository)));
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
