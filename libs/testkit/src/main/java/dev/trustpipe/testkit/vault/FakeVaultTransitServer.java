package dev.trustpipe.testkit.vault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.trustpipe.testkit.vault.TransitCrypto.Parameters;
import dev.trustpipe.testkit.vault.TransitCrypto.TransitError;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An in-process HashiCorp Vault that speaks the Transit, token, AppRole and Kubernetes auth HTTP
 * APIs on {@code 127.0.0.1} with real keys (JDK/Bouncy Castle crypto), so Vault clients are tested
 * against the documented wire format instead of a mock. No Vault binary can run on the project's
 * machines (VAULT-TRANSIT.md §0); this is the stand-in, and a Testcontainers test checks the same
 * contract against the real image where Docker exists.
 *
 * <p>What it implements, with Vault's status codes and error shapes (VAULT-TRANSIT.md, including
 * its "Corrections" list):
 *
 * <ul>
 *   <li>{@code POST sys/mounts/:path} ({@code type=transit}); {@code transit} is mounted at start.
 *   <li>{@code POST|GET :mount/keys/:name} (create: {@code type} required in practice, default
 *       {@code aes256-gcm96} which cannot sign; re-create answers 200 with the warning "key X
 *       already existed"), {@code POST :mount/keys/:name/rotate}, {@code POST
 *       :mount/keys/:name/config} ({@code min_decryption_version}, {@code min_encryption_version}).
 *   <li>{@code POST :mount/sign/:name[/:hash]} and {@code verify}: {@code input}, {@code
 *       batch_input} (200 with a per-item {@code error}), {@code key_version}, {@code
 *       hash_algorithm}, {@code prehashed}, {@code signature_algorithm} ({@code pss}, {@code
 *       pkcs1v15}), {@code salt_length} ({@code auto}, {@code hash}, integer), {@code
 *       marshaling_algorithm} ({@code asn1}, {@code jws}); signatures {@code vault:vN:...}.
 *   <li>Tokens with TTL, max TTL and renewal against the injected {@link Clock}: {@code
 *       auth/token/lookup-self}, {@code renew-self}, {@code create}; a missing, expired or revoked
 *       token gets 403 {@code {"errors":["permission denied"...]}}.
 *   <li>{@code auth/approle/login} and {@code auth/kubernetes/login} against registered roles.
 * </ul>
 *
 * <p>Test hooks: {@link #failNextRequests} (outages: 503 sealed, 502, ...), {@link
 * #delayNextRequests} (timeouts), {@link #ignoreParameters} (an old Vault that drops a parameter
 * with a warning), {@link #requests()} (what clients sent, without bodies or headers), {@link
 * #privateKeysForLeakTests()} (the private keys, to prove they never appear elsewhere).
 */
public final class FakeVaultTransitServer implements AutoCloseable {

  /** One request as the server saw it; {@code batchSize} is 0 for non-batch requests. */
  public record RecordedRequest(String method, String path, int batchSize) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Set<String> SIGN_PARAMETERS =
      Set.of(
          "input",
          "batch_input",
          "key_version",
          "hash_algorithm",
          "algorithm",
          "prehashed",
          "signature_algorithm",
          "salt_length",
          "marshaling_algorithm",
          "context",
          "signature",
          "reference");

  static {
    // Without TCP_NODELAY the JDK server's separate header and body writes meet the client's
    // delayed ACK: every answer then waits ~40 ms. Read once, when the server classes load.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private final HttpServer server;
  private final ExecutorService executor;
  private final Clock clock;
  private final String rootToken;
  private final Set<String> transitMounts = ConcurrentHashMap.newKeySet();
  private final Map<String, TransitKey> keys = new ConcurrentHashMap<>();
  private final Map<String, TokenState> tokens = new ConcurrentHashMap<>();
  private final Map<String, AppRole> appRoles = new ConcurrentHashMap<>();
  private final Map<String, KubernetesRole> kubernetesRoles = new ConcurrentHashMap<>();
  private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
  private final Set<String> ignoredParameters = ConcurrentHashMap.newKeySet();
  private final AtomicInteger failuresLeft = new AtomicInteger();
  private final AtomicInteger failureStatus = new AtomicInteger(503);
  private final AtomicInteger delaysLeft = new AtomicInteger();
  private final AtomicReference<Duration> delay = new AtomicReference<>(Duration.ZERO);

  private FakeVaultTransitServer(Clock clock) throws IOException {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.rootToken = "hvs.root-" + randomHex(12);
    tokens.put(rootToken, new TokenState(List.of("root"), null, null, false, Duration.ZERO));
    transitMounts.add("transit");
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    executor = Executors.newFixedThreadPool(8, daemonThreads());
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /** Starts a server on a free port of 127.0.0.1 whose tokens expire by the system clock. */
  public static FakeVaultTransitServer start() throws IOException {
    return start(Clock.systemUTC());
  }

  /**
   * Starts a server whose token TTLs follow {@code clock} (tests pass a clock they can advance).
   */
  public static FakeVaultTransitServer start(Clock clock) throws IOException {
    return new FakeVaultTransitServer(clock);
  }

  /** {@code http://127.0.0.1:<port>}, the value for {@code VAULT_ADDR}. */
  public URI address() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** A root token that never expires (like {@code vault server -dev}'s). */
  public String rootToken() {
    return rootToken;
  }

  /** A new token valid for {@code ttl}, renewable up to {@code maxTtl} after its creation. */
  public String createToken(Duration ttl, Duration maxTtl, boolean renewable) {
    String token = "hvs." + randomHex(16);
    Instant now = clock.instant();
    tokens.put(
        token, new TokenState(List.of("default"), now.plus(ttl), now.plus(maxTtl), renewable, ttl));
    return token;
  }

  /** Revokes a token: requests with it get 403 from now on. */
  public void revoke(String token) {
    tokens.remove(token);
  }

  /** Registers an AppRole at {@code auth/approle} whose logins get tokens of {@code tokenTtl}. */
  public void addAppRole(String roleId, String secretId, Duration tokenTtl, Duration tokenMaxTtl) {
    appRoles.put(roleId, new AppRole(secretId, tokenTtl, tokenMaxTtl));
  }

  /**
   * Registers a Kubernetes auth role at {@code auth/<mount>}: a login with {@code jwt} succeeds
   * (the real Vault would ask the Kubernetes TokenReview API).
   */
  public void addKubernetesRole(
      String mount, String role, String jwt, Duration tokenTtl, Duration tokenMaxTtl) {
    kubernetesRoles.put(mount + "/" + role, new KubernetesRole(jwt, tokenTtl, tokenMaxTtl));
  }

  /** The next {@code count} requests answer {@code status} (503 = "Vault is sealed"). */
  public void failNextRequests(int count, int status) {
    failureStatus.set(status);
    failuresLeft.set(count);
  }

  /** The next {@code count} requests are answered only after {@code duration}. */
  public void delayNextRequests(int count, Duration duration) {
    delay.set(duration);
    delaysLeft.set(count);
  }

  /**
   * Emulates an older Vault that does not know these sign/verify parameters: they are dropped with
   * Vault's "ignored these unrecognized parameters" warning (e.g. {@code salt_length} before 1.12).
   */
  public void ignoreParameters(String... names) {
    ignoredParameters.addAll(List.of(names));
  }

  /** Every request received so far, oldest first. */
  public List<RecordedRequest> requests() {
    return List.copyOf(requests);
  }

  public void clearRequests() {
    requests.clear();
  }

  /** The latest version of a key, or 0 when there is none. */
  public int latestVersion(String mount, String keyName) {
    TransitKey key = keys.get(mount + "/" + keyName);
    return key == null ? 0 : key.latestVersion();
  }

  /**
   * TEST ONLY, no Vault endpoint does this for a key that is not {@code exportable}: the private
   * key of every version of every signing key, by {@code <mount>/<name>}, versions in order. Leak
   * tests use it to look for the very bytes that must never leave Vault.
   */
  public Map<String, List<PrivateKey>> privateKeysForLeakTests() {
    Map<String, List<PrivateKey>> result = new TreeMap<>();
    keys.forEach(
        (keyId, key) -> {
          List<PrivateKey> versions = new ArrayList<>();
          synchronized (key) {
            for (KeyVersion version : key.versions) {
              if (version.pair != null) {
                versions.add(version.pair.getPrivate());
              }
            }
          }
          if (!versions.isEmpty()) {
            result.put(keyId, List.copyOf(versions));
          }
        });
    return result;
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  // ---------------------------------------------------------------- HTTP

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      String rawPath = exchange.getRequestURI().getPath();
      if (!rawPath.startsWith("/v1/")) {
        send(exchange, 404, errors("unsupported path"));
        return;
      }
      String path = rawPath.substring("/v1/".length());
      JsonNode body;
      try (InputStream in = exchange.getRequestBody()) {
        byte[] bytes = in.readAllBytes();
        body = bytes.length == 0 ? JSON.createObjectNode() : JSON.readTree(bytes);
      } catch (IOException e) {
        send(exchange, 400, errors("failed to parse JSON input: " + e.getClass().getSimpleName()));
        return;
      }
      requests.add(
          new RecordedRequest(
              method,
              path,
              body.path("batch_input").isArray() ? body.path("batch_input").size() : 0));
      if (delaysLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        try {
          Thread.sleep(delay.get().toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        int status = failureStatus.get();
        send(exchange, status, errors(status == 503 ? "Vault is sealed" : "injected failure"));
        return;
      }
      if (!body.isObject()) {
        send(exchange, 400, errors("failed to parse JSON input: not an object"));
        return;
      }
      Answer answer;
      try {
        answer = route(method, path, (ObjectNode) body, token(exchange));
      } catch (TransitError e) {
        answer = new Answer(e.status, errors(e.getMessage()));
      } catch (RuntimeException e) {
        answer = new Answer(500, errors("internal error: " + e.getClass().getSimpleName()));
      }
      send(exchange, answer.status, answer.body);
    }
  }

  private record Answer(int status, ObjectNode body) {}

  private Answer route(String method, String path, ObjectNode body, String token)
      throws TransitError {
    String[] parts = path.split("/", -1);
    // logins need no token
    if (parts.length == 3 && "auth".equals(parts[0]) && "login".equals(parts[2])) {
      requireMethod(method, "POST", "PUT");
      return login(parts[1], body);
    }
    TokenState caller = authenticate(token);
    if (path.startsWith("auth/token/")) {
      return tokenEndpoint(method, path.substring("auth/token/".length()), body, token, caller);
    }
    if (parts.length == 3 && "sys".equals(parts[0]) && "mounts".equals(parts[1])) {
      requireMethod(method, "POST", "PUT");
      if (!"transit".equals(body.path("type").asText())) {
        throw new TransitError(400, "only the transit engine is implemented by this test server");
      }
      if (!transitMounts.add(parts[2])) {
        throw new TransitError(400, "path is already in use at " + parts[2] + "/");
      }
      return new Answer(204, null);
    }
    if (parts.length >= 3 && transitMounts.contains(parts[0])) {
      return transit(method, parts, body);
    }
    throw new TransitError(404, "no handler for route \"" + path + "\"");
  }

  private Answer transit(String method, String[] parts, ObjectNode body) throws TransitError {
    String mount = parts[0];
    String area = parts[1];
    String name = parts[2];
    String keyId = mount + "/" + name;
    switch (area) {
      case "keys" -> {
        if (parts.length == 3 && "GET".equals(method)) {
          return ok(readKey(requireKey(keyId, "encryption key not found"), name));
        }
        if (parts.length == 3) {
          requireMethod(method, "POST", "PUT");
          return createKey(keyId, name, body);
        }
        if (parts.length == 4 && "rotate".equals(parts[3])) {
          requireMethod(method, "POST", "PUT");
          TransitKey key = requireKey(keyId, "encryption key not found");
          key.rotate(clock.instant());
          return ok(readKey(key, name));
        }
        if (parts.length == 4 && "config".equals(parts[3])) {
          requireMethod(method, "POST", "PUT");
          TransitKey key = requireKey(keyId, "encryption key not found");
          key.configure(body);
          return ok(readKey(key, name));
        }
      }
      case "sign" -> {
        requireMethod(method, "POST", "PUT");
        if (parts.length == 3 || parts.length == 4) {
          return sign(keyId, body, parts.length == 4 ? parts[3] : null);
        }
      }
      case "verify" -> {
        requireMethod(method, "POST", "PUT");
        if (parts.length == 3 || parts.length == 4) {
          return verify(keyId, body, parts.length == 4 ? parts[3] : null);
        }
      }
      default -> {
        // fall through to 404
      }
    }
    throw new TransitError(404, "unsupported path");
  }

  // ---------------------------------------------------------------- keys

  private Answer createKey(String keyId, String name, ObjectNode body) throws TransitError {
    String type = body.path("type").asText("aes256-gcm96");
    if (!TransitCrypto.canSign(type) && !"aes256-gcm96".equals(type)) {
      throw new TransitError(400, "unknown key type: " + type);
    }
    if (body.path("derived").asBoolean(false) && !"ed25519".equals(type)) {
      throw new TransitError(500, "key derivation is not supported for key type " + type);
    }
    List<String> warnings = new ArrayList<>();
    boolean[] created = {false};
    keys.computeIfAbsent(
        keyId,
        id -> {
          created[0] = true;
          return new TransitKey(type, body.path("exportable").asBoolean(false), clock.instant());
        });
    if (!created[0]) {
      warnings.add("key " + name + " already existed");
    }
    ObjectNode answer = envelope(readKey(keys.get(keyId), name));
    if (!warnings.isEmpty()) {
      ArrayNode w = answer.putArray("warnings");
      warnings.forEach(w::add);
    }
    return new Answer(200, answer);
  }

  private TransitKey requireKey(String keyId, String message) throws TransitError {
    TransitKey key = keys.get(keyId);
    if (key == null) {
      throw new TransitError(400, message);
    }
    return key;
  }

  private ObjectNode readKey(TransitKey key, String name) {
    ObjectNode data = JSON.createObjectNode();
    synchronized (key) {
      data.put("name", name);
      data.put("type", key.type);
      data.put("latest_version", key.latestVersion());
      data.put("min_available_version", 0);
      data.put("min_decryption_version", key.minDecryptionVersion);
      data.put("min_encryption_version", key.minEncryptionVersion);
      data.put("supports_signing", TransitCrypto.canSign(key.type));
      data.put("supports_encryption", "aes256-gcm96".equals(key.type));
      data.put("supports_derivation", "aes256-gcm96".equals(key.type));
      data.put("supports_decryption", "aes256-gcm96".equals(key.type));
      data.put("exportable", key.exportable);
      data.put("allow_plaintext_backup", false);
      data.put("deletion_allowed", false);
      data.put("derived", false);
      data.put("auto_rotate_period", 0);
      ObjectNode versions = data.putObject("keys");
      for (int v = 1; v <= key.latestVersion(); v++) {
        KeyVersion version = key.versions.get(v - 1);
        if (version.pair == null) {
          versions.put(Integer.toString(v), version.created.getEpochSecond());
          continue;
        }
        ObjectNode entry = versions.putObject(Integer.toString(v));
        entry.put("name", publicKeyName(key.type));
        entry.put("creation_time", version.created.toString());
        entry.put("public_key", TransitCrypto.publicKeyText(key.type, version.pair.getPublic()));
        entry.put("certificate_chain", "");
      }
    }
    return data;
  }

  private static String publicKeyName(String type) {
    return switch (type) {
      case "ecdsa-p256" -> "P-256";
      case "ecdsa-p384" -> "P-384";
      case "ecdsa-p521" -> "P-521";
      default -> type;
    };
  }

  // ---------------------------------------------------------------- sign / verify

  private Answer sign(String keyId, ObjectNode body, String pathHash) throws TransitError {
    List<String> warnings = dropIgnored(body);
    TransitKey key = requireKey(keyId, "signing key not found");
    if (!TransitCrypto.canSign(key.type)) {
      throw new TransitError(400, "key type " + key.type + " does not support signing");
    }
    Parameters p = parameters(body, pathHash);
    TransitCrypto.checkHash(key.type, p);
    int version = body.path("key_version").asInt(0);
    KeyPair pair;
    synchronized (key) {
      if (version < 0) {
        throw new TransitError(500, "negative key version " + version);
      }
      if (version == 0) {
        version = key.latestVersion();
      }
      if (version > key.latestVersion()) {
        throw new TransitError(500, "requested version for signing is higher than the latest");
      }
      if (version < key.minEncryptionVersion) {
        throw new TransitError(500, "requested version for signing is less than the minimum");
      }
      pair = key.versions.get(version - 1).pair;
    }
    JsonNode batch = body.path("batch_input");
    if (batch.isArray()) {
      ArrayNode results = JSON.createArrayNode();
      for (JsonNode item : batch) {
        ObjectNode result = results.addObject();
        try {
          byte[] input = base64(item.path("input"));
          result.put(
              "signature",
              signatureString(version, TransitCrypto.sign(key.type, pair, p, input), p.jws()));
          result.put("key_version", version);
        } catch (TransitError e) {
          result.put("error", e.getMessage());
          result.put("key_version", 0);
        }
        result.put("reference", item.path("reference").asText(""));
      }
      ObjectNode data = JSON.createObjectNode();
      data.set("batch_results", results);
      return okWithWarnings(data, warnings);
    }
    byte[] input = base64(body.path("input"));
    ObjectNode data = JSON.createObjectNode();
    data.put(
        "signature",
        signatureString(version, TransitCrypto.sign(key.type, pair, p, input), p.jws()));
    data.put("key_version", version);
    return okWithWarnings(data, warnings);
  }

  private Answer verify(String keyId, ObjectNode body, String pathHash) throws TransitError {
    List<String> warnings = dropIgnored(body);
    TransitKey key = requireKey(keyId, "signature verification key not found");
    if (!TransitCrypto.canSign(key.type)) {
      throw new TransitError(400, "key type " + key.type + " does not support verification");
    }
    Parameters p = parameters(body, pathHash);
    TransitCrypto.checkHash(key.type, p);
    JsonNode batch = body.path("batch_input");
    if (batch.isArray()) {
      ArrayNode results = JSON.createArrayNode();
      for (JsonNode item : batch) {
        ObjectNode result = results.addObject();
        try {
          result.put("valid", verifyOne(key, p, item));
        } catch (TransitError e) {
          result.put("error", e.getMessage());
        }
        result.put("reference", item.path("reference").asText(""));
      }
      ObjectNode data = JSON.createObjectNode();
      data.set("batch_results", results);
      return okWithWarnings(data, warnings);
    }
    ObjectNode data = JSON.createObjectNode();
    data.put("valid", verifyOne(key, p, body));
    return okWithWarnings(data, warnings);
  }

  private boolean verifyOne(TransitKey key, Parameters p, JsonNode item) throws TransitError {
    byte[] input = base64(item.path("input"));
    String signature = item.path("signature").asText("");
    if (!signature.startsWith("vault:v")) {
      throw new TransitError(400, "invalid signature: no prefix");
    }
    int colon = signature.indexOf(':', 7);
    if (colon < 0) {
      throw new TransitError(400, "invalid signature: no version");
    }
    int version;
    try {
      version = Integer.parseInt(signature.substring(7, colon));
    } catch (NumberFormatException e) {
      throw new TransitError(400, "invalid signature: bad version");
    }
    KeyPair pair;
    synchronized (key) {
      if (version > key.latestVersion()) {
        throw new TransitError(400, "invalid key version: version is too new");
      }
      if (version < key.minDecryptionVersion || version < 1) {
        throw new TransitError(400, "invalid key version: version is too old");
      }
      pair = key.versions.get(version - 1).pair;
    }
    byte[] raw;
    try {
      String payload = signature.substring(colon + 1);
      raw = p.jws() ? Base64.getUrlDecoder().decode(payload) : Base64.getDecoder().decode(payload);
    } catch (IllegalArgumentException e) {
      throw new TransitError(400, "invalid signature: not base64");
    }
    return TransitCrypto.verify(key.type, pair, p, input, raw);
  }

  private Parameters parameters(ObjectNode body, String pathHash) throws TransitError {
    String hash = pathHash != null ? pathHash : body.path("hash_algorithm").asText("");
    if (hash.isEmpty()) {
      hash = body.path("algorithm").asText("sha2-256");
    }
    String marshaling = body.path("marshaling_algorithm").asText("asn1");
    if (!"asn1".equals(marshaling) && !"jws".equals(marshaling)) {
      throw new TransitError(400, "invalid marshaling type " + marshaling);
    }
    JsonNode salt = body.path("salt_length");
    return new Parameters(
        hash,
        body.path("prehashed").asBoolean(false),
        body.path("signature_algorithm").asText("pss"),
        salt.isMissingNode() || salt.isNull() ? "auto" : salt.asText(),
        "jws".equals(marshaling));
  }

  private List<String> dropIgnored(ObjectNode body) {
    List<String> dropped = new ArrayList<>();
    for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (ignoredParameters.contains(name) || !SIGN_PARAMETERS.contains(name)) {
        dropped.add(name);
      }
    }
    dropped.forEach(body::remove);
    return dropped.isEmpty()
        ? List.of()
        : List.of("Endpoint ignored these unrecognized parameters: " + dropped);
  }

  private static String signatureString(int version, byte[] signature, boolean jws) {
    String payload =
        jws
            ? Base64.getUrlEncoder().withoutPadding().encodeToString(signature)
            : Base64.getEncoder().encodeToString(signature);
    return "vault:v" + version + ":" + payload;
  }

  private static byte[] base64(JsonNode value) throws TransitError {
    try {
      return Base64.getDecoder().decode(value.asText(""));
    } catch (IllegalArgumentException e) {
      throw new TransitError(400, "unable to decode input as base64");
    }
  }

  // ---------------------------------------------------------------- auth

  private TokenState authenticate(String token) throws TransitError {
    TokenState state = token == null ? null : tokens.get(token);
    if (state == null || state.expired(clock.instant())) {
      throw new TransitError(
          403, "2 errors occurred:\n\t* permission denied\n\t* invalid token\n\n");
    }
    return state;
  }

  private Answer tokenEndpoint(
      String method, String operation, ObjectNode body, String token, TokenState caller)
      throws TransitError {
    Instant now = clock.instant();
    switch (operation) {
      case "lookup-self" -> {
        ObjectNode data = JSON.createObjectNode();
        data.put(
            "ttl",
            caller.expiresAt == null ? 0 : Duration.between(now, caller.expiresAt).toSeconds());
        data.put("renewable", caller.renewable);
        data.put("creation_ttl", caller.ttl.toSeconds());
        data.putNull("expire_time");
        ArrayNode policies = data.putArray("policies");
        caller.policies.forEach(policies::add);
        return ok(data);
      }
      case "renew-self" -> {
        requireMethod(method, "POST", "PUT");
        if (!caller.renewable || caller.expiresAt == null) {
          throw new TransitError(400, "lease is not renewable");
        }
        Duration increment = duration(body.path("increment"), caller.ttl);
        Instant expires = now.plus(increment);
        if (expires.isAfter(caller.maxExpiresAt)) {
          expires = caller.maxExpiresAt;
        }
        TokenState renewed =
            new TokenState(caller.policies, expires, caller.maxExpiresAt, true, caller.ttl);
        tokens.put(token, renewed);
        return new Answer(200, authEnvelope(token, renewed, now));
      }
      case "create" -> {
        requireMethod(method, "POST", "PUT");
        Duration ttl = duration(body.path("ttl"), Duration.ofHours(1));
        String created =
            createToken(ttl, ttl.multipliedBy(24), body.path("renewable").asBoolean(true));
        return new Answer(200, authEnvelope(created, tokens.get(created), now));
      }
      default -> throw new TransitError(404, "unsupported path");
    }
  }

  private Answer login(String mount, ObjectNode body) throws TransitError {
    Instant now = clock.instant();
    if ("approle".equals(mount)) {
      AppRole role = appRoles.get(body.path("role_id").asText(""));
      if (role == null) {
        throw new TransitError(400, "invalid role ID");
      }
      if (!role.secretId.equals(body.path("secret_id").asText(""))) {
        throw new TransitError(400, "invalid secret id");
      }
      return issue(role.ttl, role.maxTtl, now);
    }
    String roleName = body.path("role").asText("");
    KubernetesRole role = kubernetesRoles.get(mount + "/" + roleName);
    if (role == null) {
      if (kubernetesRoles.keySet().stream().noneMatch(k -> k.startsWith(mount + "/"))) {
        throw new TransitError(400, "no handler for route \"auth/" + mount + "/login\"");
      }
      throw new TransitError(400, "invalid role name \"" + roleName + "\"");
    }
    if (!role.jwt.equals(body.path("jwt").asText(""))) {
      throw new TransitError(403, "permission denied");
    }
    return issue(role.ttl, role.maxTtl, now);
  }

  private Answer issue(Duration ttl, Duration maxTtl, Instant now) {
    String token = createToken(ttl, maxTtl, true);
    return new Answer(200, authEnvelope(token, tokens.get(token), now));
  }

  private ObjectNode authEnvelope(String token, TokenState state, Instant now) {
    ObjectNode envelope = envelope(null);
    ObjectNode auth = envelope.putObject("auth");
    auth.put("client_token", token);
    auth.put("accessor", randomHex(12));
    ArrayNode policies = auth.putArray("policies");
    state.policies.forEach(policies::add);
    auth.put(
        "lease_duration",
        state.expiresAt == null ? 0 : Duration.between(now, state.expiresAt).toSeconds());
    auth.put("renewable", state.renewable);
    return envelope;
  }

  private static Duration duration(JsonNode value, Duration fallback) throws TransitError {
    if (value.isMissingNode() || value.isNull()) {
      return fallback;
    }
    if (value.isNumber()) {
      return value.asLong() <= 0 ? fallback : Duration.ofSeconds(value.asLong());
    }
    String text = value.asText();
    try {
      if (text.matches("\\d+")) {
        return Duration.ofSeconds(Long.parseLong(text));
      }
      return Duration.parse("PT" + text.toUpperCase(java.util.Locale.ROOT));
    } catch (RuntimeException e) {
      throw new TransitError(400, "invalid duration " + text);
    }
  }

  private static String token(HttpExchange exchange) {
    String token = exchange.getRequestHeaders().getFirst("X-Vault-Token");
    if (token == null) {
      String authorization = exchange.getRequestHeaders().getFirst("Authorization");
      if (authorization != null && authorization.startsWith("Bearer ")) {
        token = authorization.substring("Bearer ".length());
      }
    }
    return token;
  }

  // ---------------------------------------------------------------- responses

  private static void requireMethod(String method, String... allowed) throws TransitError {
    for (String a : allowed) {
      if (a.equals(method)) {
        return;
      }
    }
    throw new TransitError(405, "unsupported operation");
  }

  private static Answer ok(ObjectNode data) {
    return new Answer(200, envelope(data));
  }

  private static Answer okWithWarnings(ObjectNode data, List<String> warnings) {
    ObjectNode envelope = envelope(data);
    if (!warnings.isEmpty()) {
      ArrayNode w = envelope.putArray("warnings");
      warnings.forEach(w::add);
    }
    return new Answer(200, envelope);
  }

  private static ObjectNode envelope(ObjectNode data) {
    ObjectNode envelope = JSON.createObjectNode();
    envelope.put("request_id", UUID.randomUUID().toString());
    envelope.put("lease_id", "");
    envelope.put("renewable", false);
    envelope.put("lease_duration", 0);
    envelope.set("data", data == null ? NullNode.getInstance() : data);
    envelope.putNull("wrap_info");
    envelope.putNull("warnings");
    envelope.putNull("auth");
    envelope.put("mount_type", "transit");
    return envelope;
  }

  private static ObjectNode errors(String message) {
    ObjectNode body = JSON.createObjectNode();
    body.putArray("errors").add(message);
    return body;
  }

  private static void send(HttpExchange exchange, int status, ObjectNode body) throws IOException {
    if (status == 204 || body == null) {
      exchange.sendResponseHeaders(204, -1);
      return;
    }
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  private static String randomHex(int bytes) {
    byte[] random = new byte[bytes];
    RANDOM.nextBytes(random);
    return HexFormat.of().formatHex(random);
  }

  private static java.util.concurrent.ThreadFactory daemonThreads() {
    AtomicInteger counter = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, "fake-vault-" + counter.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  // ---------------------------------------------------------------- state

  private record TokenState(
      List<String> policies,
      Instant expiresAt,
      Instant maxExpiresAt,
      boolean renewable,
      Duration ttl) {
    boolean expired(Instant now) {
      return expiresAt != null && !now.isBefore(expiresAt);
    }
  }

  private record AppRole(String secretId, Duration ttl, Duration maxTtl) {}

  private record KubernetesRole(String jwt, Duration ttl, Duration maxTtl) {}

  private record KeyVersion(KeyPair pair, Instant created) {}

  private static final class TransitKey {
    final String type;
    final boolean exportable;
    final List<KeyVersion> versions = new ArrayList<>();
    int minDecryptionVersion = 1;
    int minEncryptionVersion = 0;

    TransitKey(String type, boolean exportable, Instant created) throws IllegalStateException {
      this.type = type;
      this.exportable = exportable;
      rotate(created);
    }

    synchronized int latestVersion() {
      return versions.size();
    }

    synchronized void rotate(Instant created) {
      try {
        versions.add(
            new KeyVersion(
                TransitCrypto.canSign(type) ? TransitCrypto.generate(type) : null, created));
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("key generation failed", e);
      }
    }

    synchronized void configure(ObjectNode body) throws TransitError {
      int minDecryption = body.path("min_decryption_version").asInt(minDecryptionVersion);
      int minEncryption = body.path("min_encryption_version").asInt(minEncryptionVersion);
      if (minDecryption < 1 || minDecryption > versions.size()) {
        throw new TransitError(400, "min decryption version out of range");
      }
      if (minEncryption < 0 || minEncryption > versions.size()) {
        throw new TransitError(400, "min encryption version out of range");
      }
      minDecryptionVersion = minDecryption;
      minEncryptionVersion = minEncryption;
    }
  }
}
