package dev.trustpipe.e2e.support;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The real CNCF Distribution registry (Debian's {@code docker-registry} 2.8.2) on a free loopback
 * port, sending its notifications to the given endpoints, each with its own bearer token (as {@code
 * notifications.endpoints[].headers} in the README's demo). Installed from Debian when missing.
 *
 * <p>Images are pushed through the registry's HTTP API (blob uploads, then the manifest), without a
 * Docker daemon: unique content each time, as a Docker schema 2 manifest, an OCI manifest or an OCI
 * index of two OCI manifests (children pushed by digest, then the index by tag); or a real image
 * from an OCI image layout (as Jib's OCI {@code buildTar} writes it): its blobs, then its manifest.
 */
public final class DistributionRegistry implements AutoCloseable {
  public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
  public static final String DOCKER_MANIFEST =
      "application/vnd.docker.distribution.manifest.v2+json";

  private static final SecureRandom RANDOM = new SecureRandom();

  /** Where the registry sends its notifications, and the bearer token it presents there. */
  public record Endpoint(String name, String url, String bearerToken) {}

  /** A manifest as the registry stored it. */
  public record Pushed(String digest, String mediaType, long size) {
    public String hex() {
      return digest.substring("sha256:".length());
    }
  }

  /** The kinds of image the tests push. */
  public enum Kind {
    DOCKER,
    OCI,
    OCI_INDEX
  }

  private final Path dir;
  private final int port;
  private final Process process;
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private DistributionRegistry(Path dir, int port, Process process) {
    this.dir = dir;
    this.port = port;
    this.process = process;
  }

  public static DistributionRegistry start(Path dir, List<Endpoint> endpoints)
      throws IOException, InterruptedException {
    installIfMissing();
    int port = freePort();
    Files.createDirectories(dir.resolve("data"));
    StringBuilder config =
        new StringBuilder()
            .append("version: 0.1\n")
            .append("log: {level: warn}\n")
            .append("storage: {filesystem: {rootdirectory: ")
            .append(dir.resolve("data"))
            .append("}, delete: {enabled: true}}\n")
            .append("http: {addr: 127.0.0.1:")
            .append(port)
            .append("}\n")
            .append("notifications:\n  endpoints:\n");
    for (Endpoint endpoint : endpoints) {
      config
          .append("    - name: ")
          .append(endpoint.name())
          .append("\n      url: ")
          .append(endpoint.url())
          .append("\n      headers: {Authorization: [\"Bearer ")
          .append(endpoint.bearerToken())
          .append("\"]}\n      timeout: 2s\n      threshold: 5\n      backoff: 1s\n");
    }
    Path file = dir.resolve("config.yml");
    Files.writeString(file, config, StandardCharsets.UTF_8);
    Process process =
        new ProcessBuilder("docker-registry", "serve", file.toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("registry.log").toFile()))
            .start();
    DistributionRegistry registry = new DistributionRegistry(dir, port, process);
    registry.awaitUp();
    return registry;
  }

  /** {@code 127.0.0.1:<port>}: the host its events name, so the host of every GUN. */
  public String host() {
    return "127.0.0.1:" + port;
  }

  public String gun(String repository) {
    return host() + "/" + repository;
  }

  public Pushed push(String repository, String tag, Kind kind)
      throws IOException, InterruptedException {
    return switch (kind) {
      case DOCKER -> pushImage(repository, tag, false);
      case OCI -> pushImage(repository, tag, true);
      case OCI_INDEX -> pushIndex(repository, tag);
    };
  }

  /**
   * Pushes the one image of an unpacked OCI image layout ({@code oci-layout}, {@code index.json},
   * {@code blobs/sha256/...}) as {@code repository:tag}: the config and layer blobs as they are,
   * then the manifest's exact bytes, so the registry's digest is the layout's.
   */
  public Pushed pushOciLayout(String repository, String tag, Path layout)
      throws IOException, InterruptedException {
    ObjectMapper json = new ObjectMapper();
    JsonNode manifests = json.readTree(layout.resolve("index.json").toFile()).path("manifests");
    if (manifests.size() != 1) {
      throw new IllegalArgumentException(layout + " holds " + manifests.size() + " manifests");
    }
    JsonNode descriptor = manifests.get(0);
    byte[] manifest = Files.readAllBytes(blob(layout, descriptor.path("digest").asText()));
    JsonNode parsed = json.readTree(manifest);
    List<JsonNode> blobs = new ArrayList<>();
    blobs.add(parsed.path("config"));
    parsed.path("layers").forEach(blobs::add);
    for (JsonNode blob : blobs) {
      Path file = blob(layout, blob.path("digest").asText());
      if (Files.size(file) != blob.path("size").asLong()) {
        throw new IllegalStateException(file + " is not the size its descriptor says: " + blob);
      }
      uploadBlob(repository, file, blob.path("digest").asText());
    }
    return putManifest(repository, tag, descriptor.path("mediaType").asText(), manifest);
  }

  /** {@code blobs/sha256/<hex>} of an OCI image layout. */
  public static Path blob(Path layout, String digest) {
    if (!digest.matches("sha256:[0-9a-f]{64}")) {
      throw new IllegalArgumentException("not a sha256 digest: " + digest);
    }
    return layout.resolve("blobs/sha256").resolve(digest.substring("sha256:".length()));
  }

  /** {@code DELETE /v2/<repository>/manifests/<digest>}: the manifest and every tag on it. */
  public void deleteManifest(String repository, String digest)
      throws IOException, InterruptedException {
    require(send(request("/v2/" + repository + "/manifests/" + digest).DELETE()), 202);
  }

  private Pushed pushIndex(String repository, String tag) throws IOException, InterruptedException {
    Pushed amd64 = pushImage(repository, null, true);
    Pushed arm64 = pushImage(repository, null, true);
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

  private Pushed pushImage(String repository, String tag, boolean oci)
      throws IOException, InterruptedException {
    byte[] layer = new byte[128];
    RANDOM.nextBytes(layer);
    byte[] config =
        ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\","
                + "\"diff_ids\":[\"sha256:"
                + sha256Hex(layer)
                + "\"]}}")
            .getBytes(StandardCharsets.UTF_8);
    uploadBlob(repository, layer);
    uploadBlob(repository, config);
    String manifestType = oci ? OCI_MANIFEST : DOCKER_MANIFEST;
    String manifest =
        "{\"schemaVersion\":2,\"mediaType\":\""
            + manifestType
            + "\",\"config\":{\"mediaType\":\""
            + (oci
                ? "application/vnd.oci.image.config.v1+json"
                : "application/vnd.docker.container.image.v1+json")
            + "\",\"digest\":\"sha256:"
            + sha256Hex(config)
            + "\",\"size\":"
            + config.length
            + "},\"layers\":[{\"mediaType\":\""
            + (oci
                ? "application/vnd.oci.image.layer.v1.tar+gzip"
                : "application/vnd.docker.image.rootfs.diff.tar.gzip")
            + "\",\"digest\":\"sha256:"
            + sha256Hex(layer)
            + "\",\"size\":"
            + layer.length
            + "}]}";
    return putManifest(repository, tag, manifestType, manifest.getBytes(StandardCharsets.UTF_8));
  }

  /** A monolithic upload: POST opens the session, PUT with {@code ?digest=} closes it. */
  private void uploadBlob(String repository, byte[] blob) throws IOException, InterruptedException {
    uploadBlob(
        repository, "sha256:" + sha256Hex(blob), HttpRequest.BodyPublishers.ofByteArray(blob));
  }

  /** The same from a file; the registry checks that its content has {@code digest}. */
  private void uploadBlob(String repository, Path blob, String digest)
      throws IOException, InterruptedException {
    uploadBlob(repository, digest, HttpRequest.BodyPublishers.ofFile(blob));
  }

  private void uploadBlob(String repository, String digest, HttpRequest.BodyPublisher content)
      throws IOException, InterruptedException {
    HttpResponse<String> started =
        send(
            request("/v2/" + repository + "/blobs/uploads/")
                .POST(HttpRequest.BodyPublishers.noBody()));
    require(started, 202);
    URI upload =
        URI.create("http://" + host() + "/")
            .resolve(started.headers().firstValue("Location").orElseThrow());
    String separator = upload.getQuery() == null ? "?" : "&";
    require(
        send(
            HttpRequest.newBuilder(URI.create(upload + separator + "digest=" + digest))
                .header("Content-Type", "application/octet-stream")
                .PUT(content)),
        201);
  }

  private Pushed putManifest(String repository, String tag, String mediaType, byte[] manifest)
      throws IOException, InterruptedException {
    String digest = "sha256:" + sha256Hex(manifest);
    HttpResponse<String> response =
        send(
            request("/v2/" + repository + "/manifests/" + (tag == null ? digest : tag))
                .header("Content-Type", mediaType)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(manifest)));
    require(response, 201);
    String stored = response.headers().firstValue("Docker-Content-Digest").orElseThrow();
    if (!stored.equals(digest)) {
      throw new IllegalStateException("the registry stored " + stored + " for " + digest);
    }
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

  private void awaitUp() {
    try {
      await()
          .atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(50))
          .ignoreExceptionsInstanceOf(IOException.class) // not listening yet
          .until(
              () -> {
                if (!process.isAlive()) {
                  throw new IllegalStateException(
                      "docker-registry exited "
                          + process.exitValue()
                          + "; see "
                          + dir.resolve("registry.log"));
                }
                return send(request("/v2/").GET()).statusCode() == 200;
              });
    } catch (ConditionTimeoutException e) {
      throw new IllegalStateException("docker-registry did not answer on " + host(), e);
    }
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create("http://" + host() + path));
  }

  private HttpResponse<String> send(HttpRequest.Builder request)
      throws IOException, InterruptedException {
    return http.send(
        request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
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

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static synchronized void installIfMissing() throws IOException, InterruptedException {
    if (onPath("docker-registry")) {
      return;
    }
    ProcessBuilder install =
        new ProcessBuilder("apt-get", "install", "-y", "-qq", "docker-registry")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    install.environment().put("DEBIAN_FRONTEND", "noninteractive");
    int exit = install.start().waitFor();
    if (exit != 0 || !onPath("docker-registry")) {
      throw new IllegalStateException(
          "the end-to-end tests need Debian's docker-registry (apt-get install docker-registry,"
              + " as root); installing it failed with exit code "
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

  public static int freePort() throws IOException {
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
