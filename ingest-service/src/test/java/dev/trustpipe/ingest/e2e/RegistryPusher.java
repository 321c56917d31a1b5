package dev.trustpipe.ingest.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * Pushes images to a registry through its HTTP API (OCI distribution spec), without a Docker
 * daemon: a fresh one-layer image each time (a real gzipped tar, a config, a manifest), as a Docker
 * schema 2 manifest, an OCI manifest, or an OCI index of two such manifests.
 */
final class RegistryPusher {
  static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
  static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
  private static final String ACCEPT_MANIFESTS =
      String.join(
          ", ",
          OCI_INDEX,
          OCI_MANIFEST,
          DOCKER_MANIFEST,
          "application/vnd.docker.distribution.manifest.list.v2+json");

  /** What a manifest push stored: what the registry's notification must report. */
  record Pushed(String digest, long size, String mediaType, List<Pushed> children) {}

  private final String registry;
  private final HttpClient http = HttpClient.newHttpClient();
  private final SecureRandom random = new SecureRandom();

  /**
   * @param registry e.g. {@code http://127.0.0.1:5000}
   */
  RegistryPusher(String registry) {
    this.registry = registry;
  }

  /** An OCI image manifest tagged {@code tag}. */
  Pushed pushOci(String repository, String tag) {
    return pushManifest(repository, tag, OCI_MANIFEST, imageManifest(repository, true));
  }

  /** A Docker schema 2 manifest tagged {@code tag}. */
  Pushed pushDocker(String repository, String tag) {
    return pushManifest(repository, tag, DOCKER_MANIFEST, imageManifest(repository, false));
  }

  /** Two OCI manifests pushed by digest (amd64, arm64), then the index naming them, by tag. */
  Pushed pushIndex(String repository, String tag) {
    byte[] amd64 = imageManifest(repository, true);
    byte[] arm64 = imageManifest(repository, true);
    Pushed first = pushManifest(repository, digest(amd64), OCI_MANIFEST, amd64);
    Pushed second = pushManifest(repository, digest(arm64), OCI_MANIFEST, arm64);
    String index =
        "{\"schemaVersion\":2,\"mediaType\":\""
            + OCI_INDEX
            + "\",\"manifests\":["
            + platform(first, "amd64")
            + ","
            + platform(second, "arm64")
            + "]}";
    Pushed pushed =
        pushManifest(repository, tag, OCI_INDEX, index.getBytes(StandardCharsets.UTF_8));
    return new Pushed(pushed.digest(), pushed.size(), OCI_INDEX, List.of(first, second));
  }

  /** What {@code repository:tag} points at now ({@code HEAD}, every manifest type accepted). */
  String digestOf(String repository, String tag) {
    HttpResponse<Void> response =
        send(
            HttpRequest.newBuilder(uri("/v2/" + repository + "/manifests/" + tag))
                .header("Accept", ACCEPT_MANIFESTS)
                .method("HEAD", HttpRequest.BodyPublishers.noBody()),
            HttpResponse.BodyHandlers.discarding(),
            200);
    return response.headers().firstValue("Docker-Content-Digest").orElseThrow();
  }

  /** {@code DELETE /v2/<repository>/manifests/<digest>}. */
  void deleteManifest(String repository, String digest) {
    send(
        HttpRequest.newBuilder(uri("/v2/" + repository + "/manifests/" + digest)).DELETE(),
        HttpResponse.BodyHandlers.discarding(),
        202);
  }

  private static String platform(Pushed manifest, String architecture) {
    return "{\"mediaType\":\""
        + OCI_MANIFEST
        + "\",\"digest\":\""
        + manifest.digest()
        + "\",\"size\":"
        + manifest.size()
        + ",\"platform\":{\"architecture\":\""
        + architecture
        + "\",\"os\":\"linux\"}}";
  }

  /** Uploads a fresh layer and config; returns the manifest bytes naming them. */
  private byte[] imageManifest(String repository, boolean oci) {
    byte[] content = new byte[64];
    random.nextBytes(content);
    byte[] tar = tar("payload.bin", content);
    byte[] layer = gzip(tar);
    byte[] config =
        ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Cmd\":[\"/payload.bin\"]},"
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\""
                + digest(tar)
                + "\"]}}")
            .getBytes(StandardCharsets.UTF_8);
    uploadBlob(repository, layer);
    uploadBlob(repository, config);
    String manifestType = oci ? OCI_MANIFEST : DOCKER_MANIFEST;
    String configType =
        oci
            ? "application/vnd.oci.image.config.v1+json"
            : "application/vnd.docker.container.image.v1+json";
    String layerType =
        oci
            ? "application/vnd.oci.image.layer.v1.tar+gzip"
            : "application/vnd.docker.image.rootfs.diff.tar.gzip";
    return ("{\"schemaVersion\":2,\"mediaType\":\""
            + manifestType
            + "\",\"config\":{\"mediaType\":\""
            + configType
            + "\",\"digest\":\""
            + digest(config)
            + "\",\"size\":"
            + config.length
            + "},\"layers\":[{\"mediaType\":\""
            + layerType
            + "\",\"digest\":\""
            + digest(layer)
            + "\",\"size\":"
            + layer.length
            + "}]}")
        .getBytes(StandardCharsets.UTF_8);
  }

  /** A monolithic upload: POST opens a session, PUT with the digest closes it. */
  private void uploadBlob(String repository, byte[] blob) {
    HttpResponse<Void> opened =
        send(
            HttpRequest.newBuilder(uri("/v2/" + repository + "/blobs/uploads/"))
                .POST(HttpRequest.BodyPublishers.noBody()),
            HttpResponse.BodyHandlers.discarding(),
            202);
    String location = opened.headers().firstValue("Location").orElseThrow();
    URI upload = location.startsWith("http") ? URI.create(location) : uri(location);
    String separator = upload.getQuery() == null ? "?" : "&";
    send(
        HttpRequest.newBuilder(URI.create(upload + separator + "digest=" + digest(blob)))
            .header("Content-Type", "application/octet-stream")
            .PUT(HttpRequest.BodyPublishers.ofByteArray(blob)),
        HttpResponse.BodyHandlers.discarding(),
        201);
  }

  private Pushed pushManifest(
      String repository, String reference, String mediaType, byte[] manifest) {
    HttpResponse<Void> response =
        send(
            HttpRequest.newBuilder(uri("/v2/" + repository + "/manifests/" + reference))
                .header("Content-Type", mediaType)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(manifest)),
            HttpResponse.BodyHandlers.discarding(),
            201);
    String digest = response.headers().firstValue("Docker-Content-Digest").orElseThrow();
    if (!digest.equals(digest(manifest))) {
      throw new IllegalStateException("the registry stored " + digest + " for " + digest(manifest));
    }
    return new Pushed(digest, manifest.length, mediaType, List.of());
  }

  private URI uri(String path) {
    return URI.create(registry + path);
  }

  private <T> HttpResponse<T> send(
      HttpRequest.Builder request, HttpResponse.BodyHandler<T> body, int expectedStatus) {
    try {
      HttpResponse<T> response = http.send(request.timeout(Duration.ofSeconds(30)).build(), body);
      if (response.statusCode() != expectedStatus) {
        throw new IllegalStateException(
            response.request().method()
                + " "
                + response.request().uri()
                + " answered "
                + response.statusCode()
                + ", expected "
                + expectedStatus);
      }
      return response;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static String digest(byte[] bytes) {
    try {
      return "sha256:"
          + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] gzip(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** A POSIX ustar archive of one regular file. */
  private static byte[] tar(String name, byte[] content) {
    byte[] header = new byte[512];
    put(header, 0, name);
    put(header, 100, "0000644");
    put(header, 108, "0000000");
    put(header, 116, "0000000");
    put(header, 124, String.format("%011o", content.length));
    put(header, 136, String.format("%011o", 0));
    java.util.Arrays.fill(header, 148, 156, (byte) ' ');
    header[156] = '0';
    put(header, 257, "ustar");
    put(header, 263, "00");
    int checksum = 0;
    for (byte b : header) {
      checksum += b & 0xff;
    }
    put(header, 148, String.format("%06o", checksum));
    header[154] = 0;
    header[155] = ' ';
    int padded = (content.length + 511) / 512 * 512;
    byte[] archive = new byte[512 + padded + 1024];
    System.arraycopy(header, 0, archive, 0, 512);
    System.arraycopy(content, 0, archive, 512, content.length);
    return archive;
  }

  private static void put(byte[] header, int offset, String value) {
    byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(bytes, 0, header, offset, bytes.length);
  }
}
