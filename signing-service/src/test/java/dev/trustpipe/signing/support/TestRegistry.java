package dev.trustpipe.signing.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * The real CNCF Distribution registry (Debian's {@code docker-registry}, 2.8.2) on a free loopback
 * port, with its own storage directory, for tests that need a registry to confirm pushes. It is
 * installed from Debian when missing (like ingest-service's {@code src/test/registry/registry.sh}).
 *
 * <p>Images are pushed through the registry API itself (blob uploads, then the manifest), so no
 * Docker daemon or skopeo is needed: unique content every time, Docker schema 2, OCI manifest or
 * OCI index. {@link #stop()} and {@link #start()} take it down and bring it back on the same port
 * with the same content.
 */
public final class TestRegistry implements AutoCloseable {
  public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
  public static final String DOCKER_MANIFEST =
      "application/vnd.docker.distribution.manifest.v2+json";
  public static final String DOCKER_LIST =
      "application/vnd.docker.distribution.manifest.list.v2+json";

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path dir;
  private final int port;
  private final String authConfig;
  private final String authorization;
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private Process process;

  /** A manifest as pushed: its digest, media type and length. */
  public record Pushed(String digest, String mediaType, long size) {
    public String hex() {
      return digest.substring("sha256:".length());
    }
  }

  private TestRegistry(Path dir, int port, String authConfig, String authorization) {
    this.dir = dir;
    this.port = port;
    this.authConfig = authConfig;
    this.authorization = authorization;
  }

  /** An open registry (no auth), as the quick start runs it. */
  public static TestRegistry start(Path dir) throws IOException, InterruptedException {
    TestRegistry registry = new TestRegistry(dir, freePort(), "", null);
    registry.start();
    return registry;
  }

  /** A registry with htpasswd (HTTP basic) auth and one account. */
  public static TestRegistry startWithBasicAuth(Path dir, String username, String password)
      throws IOException, InterruptedException {
    Files.createDirectories(dir);
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    Path htpasswd = dir.resolve("htpasswd");
    Files.writeString(
        htpasswd,
        username + ":" + OpenBSDBCrypt.generate(password.toCharArray(), salt, 5) + "\n",
        StandardCharsets.UTF_8);
    String auth = "auth: {htpasswd: {realm: trustpipe-test, path: " + htpasswd + "}}\n";
    TestRegistry registry = new TestRegistry(dir, freePort(), auth, basic(username, password));
    registry.start();
    return registry;
  }

  /**
   * A registry with Distribution's token auth: it trusts tokens signed by {@code issuerCertificate}
   * (PEM) from {@code issuer}, for {@code service}; clients get them from {@code realm}. {@code
   * pushToken} is a token with push rights, for the test's own pushes.
   */
  public static TestRegistry startWithTokenAuth(
      Path dir,
      String realm,
      String service,
      String issuer,
      String issuerCertificate,
      String pushToken)
      throws IOException, InterruptedException {
    Files.createDirectories(dir);
    Path bundle = dir.resolve("token-issuer.crt");
    Files.writeString(bundle, issuerCertificate, StandardCharsets.US_ASCII);
    String auth =
        "auth: {token: {realm: \""
            + realm
            + "\", service: \""
            + service
            + "\", issuer: \""
            + issuer
            + "\", rootcertbundle: "
            + bundle
            + "}}\n";
    TestRegistry registry = new TestRegistry(dir, freePort(), auth, "Bearer " + pushToken);
    registry.start();
    return registry;
  }

  /** {@code 127.0.0.1:<port>}, the host events name. */
  public String host() {
    return "127.0.0.1:" + port;
  }

  public synchronized void start() throws IOException, InterruptedException {
    if (process != null && process.isAlive()) {
      return;
    }
    installIfMissing();
    Files.createDirectories(dir.resolve("data"));
    Path config = dir.resolve("config.yml");
    Files.writeString(
        config,
        "version: 0.1\n"
            + "log: {level: warn}\n"
            + "storage: {filesystem: {rootdirectory: "
            + dir.resolve("data")
            + "}, delete: {enabled: true}}\n"
            + "http: {addr: 127.0.0.1:"
            + port
            + "}\n"
            + authConfig,
        StandardCharsets.UTF_8);
    process =
        new ProcessBuilder("docker-registry", "serve", config.toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("registry.log").toFile()))
            .start();
    try {
      await()
          .atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(50))
          .ignoreExceptionsInstanceOf(IOException.class) // not listening yet
          .until(
              () -> {
                if (!process.isAlive()) {
                  throw new IllegalStateException(
                      "docker-registry exited " + process.exitValue() + ": " + log());
                }
                int status = get("/v2/").statusCode();
                return status == 200 || status == 401;
              });
    } catch (ConditionTimeoutException e) {
      throw new IllegalStateException(
          "docker-registry did not answer on " + host() + ": " + log(), e);
    }
  }

  /** Stops the registry process (like SIGTERM); the content stays for {@link #start()}. */
  public synchronized void stop() throws InterruptedException {
    if (process == null) {
      return;
    }
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
    process = null;
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }

  /** A fresh single-platform OCI image tagged {@code tag}. */
  public Pushed pushOci(String repository, String tag) throws IOException, InterruptedException {
    return pushImage(
        repository,
        tag,
        OCI_MANIFEST,
        "application/vnd.oci.image.config.v1+json",
        "application/vnd.oci.image.layer.v1.tar+gzip");
  }

  /** A fresh Docker schema 2 image tagged {@code tag}. */
  public Pushed pushDocker(String repository, String tag) throws IOException, InterruptedException {
    return pushImage(
        repository,
        tag,
        DOCKER_MANIFEST,
        "application/vnd.docker.container.image.v1+json",
        "application/vnd.docker.image.rootfs.diff.tar.gzip");
  }

  /** A fresh OCI index of two platform images, the index tagged {@code tag}. */
  public Pushed pushOciIndex(String repository, String tag)
      throws IOException, InterruptedException {
    Pushed amd64 = pushOci(repository, null);
    Pushed arm64 = pushOci(repository, null);
    String index =
        "{\"schemaVersion\":2,\"mediaType\":\""
            + OCI_INDEX
            + "\",\"manifests\":["
            + child(amd64, "amd64")
            + ","
            + child(arm64, "arm64")
            + "]}";
    return putManifest(repository, tag, OCI_INDEX, index.getBytes(StandardCharsets.UTF_8));
  }

  /** Tags the manifest {@code pushed} also as {@code tag} (PUT of the same bytes). */
  public Pushed tag(String repository, Pushed pushed, String tag)
      throws IOException, InterruptedException {
    HttpResponse<byte[]> manifest =
        http.send(
            request("/v2/" + repository + "/manifests/" + pushed.digest())
                .header("Accept", pushed.mediaType())
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    if (manifest.statusCode() != 200) {
      throw new IllegalStateException(
          "GET of " + pushed.digest() + " answered " + manifest.statusCode());
    }
    return putManifest(repository, tag, pushed.mediaType(), manifest.body());
  }

  /** The manifest under {@code reference}, as OCI/Docker manifest JSON; empty when unknown. */
  public Optional<String> manifest(String repository, String reference)
      throws IOException, InterruptedException {
    HttpResponse<String> response =
        send(
            request("/v2/" + repository + "/manifests/" + reference)
                .header("Accept", OCI_MANIFEST + ", " + OCI_INDEX + ", " + DOCKER_MANIFEST)
                .GET()
                .build());
    if (response.statusCode() == 404) {
      return Optional.empty();
    }
    require(response, 200);
    return Optional.of(response.body());
  }

  /** {@code DELETE /v2/<repository>/manifests/<digest>}: the manifest and every tag on it. */
  public void deleteManifest(String repository, String digest)
      throws IOException, InterruptedException {
    HttpResponse<String> response =
        send(request("/v2/" + repository + "/manifests/" + digest).DELETE().build());
    require(response, 202);
  }

  private Pushed pushImage(
      String repository, String tag, String manifestType, String configType, String layerType)
      throws IOException, InterruptedException {
    byte[] layer = new byte[256];
    RANDOM.nextBytes(layer);
    byte[] config =
        ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\","
                + "\"diff_ids\":[\"sha256:"
                + sha256Hex(layer)
                + "\"]}}")
            .getBytes(StandardCharsets.UTF_8);
    uploadBlob(repository, layer);
    uploadBlob(repository, config);
    String manifest =
        "{\"schemaVersion\":2,\"mediaType\":\""
            + manifestType
            + "\",\"config\":{\"mediaType\":\""
            + configType
            + "\",\"digest\":\"sha256:"
            + sha256Hex(config)
            + "\",\"size\":"
            + config.length
            + "},\"layers\":[{\"mediaType\":\""
            + layerType
            + "\",\"digest\":\"sha256:"
            + sha256Hex(layer)
            + "\",\"size\":"
            + layer.length
            + "}]}";
    return putManifest(repository, tag, manifestType, manifest.getBytes(StandardCharsets.UTF_8));
  }

  private void uploadBlob(String repository, byte[] blob) throws IOException, InterruptedException {
    HttpResponse<String> started =
        send(
            request("/v2/" + repository + "/blobs/uploads/")
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());
    require(started, 202);
    String location = started.headers().firstValue("Location").orElseThrow();
    URI upload = URI.create("http://" + host() + "/").resolve(location);
    String separator = upload.getQuery() == null ? "?" : "&";
    HttpResponse<String> done =
        send(
            authorized(
                    HttpRequest.newBuilder(
                        URI.create(upload + separator + "digest=sha256:" + sha256Hex(blob))))
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(blob))
                .build());
    require(done, 201);
  }

  private Pushed putManifest(String repository, String tag, String mediaType, byte[] manifest)
      throws IOException, InterruptedException {
    String digest = "sha256:" + sha256Hex(manifest);
    HttpResponse<String> response =
        send(
            request("/v2/" + repository + "/manifests/" + (tag == null ? digest : tag))
                .header("Content-Type", mediaType)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(manifest))
                .build());
    require(response, 201);
    return new Pushed(digest, mediaType, manifest.length);
  }

  private static String child(Pushed manifest, String architecture) {
    return "{\"mediaType\":\""
        + manifest.mediaType()
        + "\",\"digest\":\""
        + manifest.digest()
        + "\",\"size\":"
        + manifest.size()
        + ",\"platform\":{\"architecture\":\""
        + architecture
        + "\",\"os\":\"linux\"}}";
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return send(request(path).GET().build());
  }

  private HttpRequest.Builder request(String path) {
    return authorized(HttpRequest.newBuilder(URI.create("http://" + host() + path)));
  }

  private HttpRequest.Builder authorized(HttpRequest.Builder builder) {
    builder.timeout(Duration.ofSeconds(20));
    return authorization == null ? builder : builder.header("Authorization", authorization);
  }

  private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static void require(HttpResponse<String> response, int status) {
    if (response.statusCode() != status) {
      throw new IllegalStateException(
          response.request().method()
              + " "
              + response.request().uri().getPath()
              + " answered "
              + response.statusCode()
              + ", expected "
              + status
              + ": "
              + response.body());
    }
  }

  private String log() {
    try {
      List<String> lines = Files.readAllLines(dir.resolve("registry.log"));
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static String basic(String username, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private static synchronized void installIfMissing() throws IOException, InterruptedException {
    if (onPath("docker-registry")) {
      return;
    }
    List<String> command =
        new ArrayList<>(List.of("apt-get", "install", "-y", "-qq", "docker-registry"));
    ProcessBuilder install =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    install.environment().put("DEBIAN_FRONTEND", "noninteractive");
    int exit = install.start().waitFor();
    if (exit != 0 || !onPath("docker-registry")) {
      throw new IllegalStateException(
          "the tests need Debian's docker-registry (apt-get install docker-registry, as root);"
              + " installing it failed with exit code "
              + exit);
    }
  }

  private static boolean onPath(String program) {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
      if (Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  public static String sha256Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
