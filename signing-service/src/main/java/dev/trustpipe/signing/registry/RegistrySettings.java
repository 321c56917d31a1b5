package dev.trustpipe.signing.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How {@link RegistryClient} reaches registries: the scheme and credentials per registry host (as
 * events name it, {@code host[:port]}), timeouts and the retry policy for transient failures.
 *
 * @param schemes {@code http} or {@code https} per host; hosts not listed use plain HTTP when they
 *     are loopback ({@code localhost}, {@code 127.*}) and HTTPS otherwise
 * @param credentials accounts per host; hosts not listed are asked anonymously
 * @param connectTimeout TCP/TLS connect timeout of one request
 * @param requestTimeout time for one request's response headers
 * @param attempts tries per lookup before the registry counts as unavailable (at least 1)
 * @param backoff pause after the first failed try; doubled after each further one
 * @param maxBackoff the longest pause between two tries
 * @param cooldown after a host used up its tries, further lookups on it fail at once for this long,
 *     so one consumer batch never waits out every timeout of every event
 */
public record RegistrySettings(
    Map<String, String> schemes,
    Map<String, RegistryCredentials> credentials,
    Duration connectTimeout,
    Duration requestTimeout,
    int attempts,
    Duration backoff,
    Duration maxBackoff,
    Duration cooldown) {

  /** Docker Hub's names in events and docker configs, and the host its registry API answers on. */
  static final String DOCKER_HUB_API = "registry-1.docker.io";

  private static final ObjectMapper JSON = new ObjectMapper();

  public RegistrySettings {
    schemes = Map.copyOf(schemes);
    schemes.forEach(
        (host, scheme) -> {
          if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException(
                "registry " + host + ": scheme must be http or https, was " + scheme);
          }
        });
    credentials = Map.copyOf(credentials);
    if (attempts < 1) {
      throw new IllegalArgumentException("registry attempts must be at least 1, was " + attempts);
    }
    requirePositive("connectTimeout", connectTimeout);
    requirePositive("requestTimeout", requestTimeout);
    requireNotNegative("backoff", backoff);
    requireNotNegative("maxBackoff", maxBackoff);
    requireNotNegative("cooldown", cooldown);
  }

  /**
   * Defaults: 5 s connect, 10 s per request, 4 tries from 250 ms backoff up to 2 s, 5 s cooldown.
   */
  public static RegistrySettings defaults() {
    return new RegistrySettings(
        Map.of(),
        Map.of(),
        Duration.ofSeconds(5),
        Duration.ofSeconds(10),
        4,
        Duration.ofMillis(250),
        Duration.ofSeconds(2),
        Duration.ofSeconds(5));
  }

  public RegistrySettings withSchemes(Map<String, String> schemes) {
    return new RegistrySettings(
        schemes,
        credentials,
        connectTimeout,
        requestTimeout,
        attempts,
        backoff,
        maxBackoff,
        cooldown);
  }

  public RegistrySettings withCredentials(Map<String, RegistryCredentials> credentials) {
    return new RegistrySettings(
        schemes,
        credentials,
        connectTimeout,
        requestTimeout,
        attempts,
        backoff,
        maxBackoff,
        cooldown);
  }

  public RegistrySettings withRetries(
      int attempts, Duration backoff, Duration maxBackoff, Duration cooldown) {
    return new RegistrySettings(
        schemes,
        credentials,
        connectTimeout,
        requestTimeout,
        attempts,
        backoff,
        maxBackoff,
        cooldown);
  }

  public RegistrySettings withTimeouts(Duration connectTimeout, Duration requestTimeout) {
    return new RegistrySettings(
        schemes,
        credentials,
        connectTimeout,
        requestTimeout,
        attempts,
        backoff,
        maxBackoff,
        cooldown);
  }

  /** {@code http} or {@code https} for a host as events name it. */
  public String scheme(String host) {
    String configured = schemes.get(normalise(host));
    if (configured != null) {
      return configured;
    }
    return isLoopback(host) ? "http" : "https";
  }

  /** The host to send API requests to: Docker Hub's events say docker.io, its API is elsewhere. */
  public static String apiHost(String host) {
    return isDockerHub(host) ? DOCKER_HUB_API : host;
  }

  /** The account configured for a host (Docker Hub under any of its names), if any. */
  public Optional<RegistryCredentials> credentialsFor(String host) {
    String key = normalise(host);
    RegistryCredentials found = credentials.get(key);
    if (found == null && isDockerHub(key)) {
      found =
          credentials.entrySet().stream()
              .filter(e -> isDockerHub(e.getKey()))
              .map(Map.Entry::getValue)
              .findFirst()
              .orElse(null);
    }
    return Optional.ofNullable(found);
  }

  static boolean isLoopback(String host) {
    String name = hostName(host);
    return name.equals("localhost") || name.startsWith("127.") || name.equals("[::1]");
  }

  private static boolean isDockerHub(String host) {
    String name = normalise(host);
    return name.equals("docker.io")
        || name.equals("index.docker.io")
        || name.equals(DOCKER_HUB_API)
        || name.equals("registry.hub.docker.com");
  }

  private static String hostName(String host) {
    if (host.startsWith("[")) {
      int end = host.indexOf(']');
      return end < 0 ? host : host.substring(0, end + 1);
    }
    int colon = host.indexOf(':');
    return (colon < 0 ? host : host.substring(0, colon)).toLowerCase(Locale.ROOT);
  }

  /** A host key as written by people or docker: scheme and path removed, lowercased. */
  static String normalise(String key) {
    String host = key.trim();
    int scheme = host.indexOf("://");
    if (scheme >= 0) {
      host = host.substring(scheme + 3);
    }
    int slash = host.indexOf('/');
    if (slash >= 0) {
      host = host.substring(0, slash);
    }
    return host.toLowerCase(Locale.ROOT);
  }

  /**
   * Parses {@code host=scheme} entries separated by commas or whitespace, e.g. {@code
   * 127.0.0.1:5000=https,registry.lan=http} ({@code TRUSTPIPE_REGISTRY_SCHEMES}).
   */
  public static Map<String, String> parseSchemes(String text) {
    Map<String, String> schemes = new HashMap<>();
    for (String entry : entries(text)) {
      int eq = entry.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(
            "registry scheme entry '" + entry + "' is not host=http or host=https");
      }
      schemes.put(
          normalise(entry.substring(0, eq)), entry.substring(eq + 1).toLowerCase(Locale.ROOT));
    }
    return schemes;
  }

  /**
   * Parses {@code host=username:password} entries separated by commas or whitespace ({@code
   * TRUSTPIPE_REGISTRY_CREDENTIALS}); the password is everything after the first ':' and so cannot
   * contain a comma or whitespace (use a docker config file for those). Errors never echo the
   * password.
   */
  public static Map<String, RegistryCredentials> parseCredentials(String text) {
    Map<String, RegistryCredentials> credentials = new HashMap<>();
    for (String entry : entries(text)) {
      int eq = entry.indexOf('=');
      int colon = eq < 0 ? -1 : entry.indexOf(':', eq + 1);
      if (eq <= 0 || colon < 0) {
        throw new IllegalArgumentException(
            "a registry credentials entry is not host=username:password (entry "
                + (credentials.size() + 1)
                + ", host "
                + (eq <= 0 ? "missing" : entry.substring(0, eq))
                + ")");
      }
      credentials.put(
          normalise(entry.substring(0, eq)),
          new RegistryCredentials(entry.substring(eq + 1, colon), entry.substring(colon + 1)));
    }
    return credentials;
  }

  /**
   * The accounts in a docker client configuration file ({@code ~/.docker/config.json}, a Kubernetes
   * {@code .dockerconfigjson}): {@code auths.<host>.auth} (base64 of {@code user:password}) or
   * {@code auths.<host>.username}/{@code password}. Credential helpers are not run.
   */
  public static Map<String, RegistryCredentials> readDockerConfig(Path file) throws IOException {
    JsonNode auths = JSON.readTree(Files.readAllBytes(file)).path("auths");
    Map<String, RegistryCredentials> credentials = new HashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = auths.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      JsonNode auth = entry.getValue();
      String username = auth.path("username").asText("");
      String password = auth.path("password").asText("");
      if (auth.hasNonNull("auth")) {
        String decoded;
        try {
          decoded =
              new String(
                  Base64.getDecoder().decode(auth.get("auth").asText()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
          throw new IOException(
              file + ": auths." + entry.getKey() + ".auth is not base64 of username:password");
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
          throw new IOException(
              file + ": auths." + entry.getKey() + ".auth is not base64 of username:password");
        }
        username = decoded.substring(0, colon);
        password = decoded.substring(colon + 1);
      }
      if (!username.isEmpty()) {
        credentials.put(normalise(entry.getKey()), new RegistryCredentials(username, password));
      }
    }
    return credentials;
  }

  private static String[] entries(String text) {
    if (text == null || text.isBlank()) {
      return new String[0];
    }
    return text.trim().split("[,\\s]+");
  }

  private static void requirePositive(String name, Duration value) {
    if (value == null || value.isZero() || value.isNegative()) {
      throw new IllegalArgumentException("registry " + name + " must be positive, was " + value);
    }
  }

  private static void requireNotNegative(String name, Duration value) {
    if (value == null || value.isNegative()) {
      throw new IllegalArgumentException("registry " + name + " must not be negative: " + value);
    }
  }
}
