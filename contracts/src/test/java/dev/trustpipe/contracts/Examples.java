package dev.trustpipe.contracts;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;

/** Hand-written events and the JSON documents under {@code src/test/resources/examples/}. */
final class Examples {

  static final String APP_DIGEST =
      "sha256:af9fcbdd2f3c1f0e5d4c3b2a19081726354453627180919a8b7c6d5e4f30cd98";
  static final String RELEASES_KEY_ID =
      "c1d2e3f40516273849aabbccddeeff00112233445566778899aabbccddeeff00";

  private Examples() {}

  static CloudEvent<ImagePushed> distributionPush() {
    return CloudEvent.of(
        "5b9c6f2e-0d61-5c3e-9a4f-2f4a0a3e8b11",
        "/trustpipe/ingest-service",
        Instant.parse("2026-11-20T10:15:31.004Z"),
        new ImagePushed(
            "localhost:5000/demo/app",
            "127.0.0.1:5000",
            "demo/app",
            "v1",
            APP_DIGEST,
            DigestResolution.REPORTED,
            "application/vnd.oci.image.manifest.v1+json",
            401L,
            null,
            "distribution",
            "3f1d2c4b-5a69-4788-9aab-bccddeeff001",
            Instant.parse("2026-11-20T10:15:30.123456789Z")));
  }

  static CloudEvent<ImagePushed> dockerHubPush() {
    return CloudEvent.of(
        "f0e1d2c3-b4a5-5968-8776-655443322110",
        "/trustpipe/ingest-service",
        Instant.parse("2026-11-20T10:16:00Z"),
        new ImagePushed(
            "docker.io/acme/web",
            "docker.io",
            "acme/web",
            "2.4.1",
            null,
            DigestResolution.REQUIRED,
            null,
            null,
            "acme-ci",
            "dockerhub",
            "dockerhub:acme/web:2.4.1:1795169759",
            Instant.parse("2026-11-20T10:15:59Z")));
  }

  static CloudEvent<TagDeleted> deleteByDigest() {
    return CloudEvent.of(
        "0c8a3a52-77f4-5e8e-8d0e-1d2a3b4c5d6e",
        "/trustpipe/ingest-service",
        Instant.parse("2026-11-20T11:00:01Z"),
        new TagDeleted(
            "localhost:5000/demo/app",
            "127.0.0.1:5000",
            "demo/app",
            null,
            "sha256:aabc85210f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a697887966b20",
            null,
            "distribution",
            "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d",
            Instant.parse("2026-11-20T11:00:00.5Z")));
  }

  static CloudEvent<TrustChanged> releasesSigned() {
    return CloudEvent.of(
        "7d2f4e6a-8b1c-5d3e-9f0a-1b2c3d4e5f60",
        "/trustpipe/signing-service",
        Instant.parse("2026-11-20T10:15:32Z"),
        new TrustChanged(
            "localhost:5000/demo/app",
            "targets/releases",
            7,
            "4e1f7c3b9a2d8e6f0c5b4a3928171605f4e3d2c1b0a99887766554433221100f",
            Instant.parse("2029-11-19T10:15:32Z"),
            List.of(new TrustChanged.Target("v1", APP_DIGEST, 401)),
            List.of("v0"),
            List.of(RELEASES_KEY_ID),
            ChangeCause.PUSH,
            List.of("5b9c6f2e-0d61-5c3e-9a4f-2f4a0a3e8b11")));
  }

  static CloudEvent<TrustChanged> releasesOciSigned() {
    return CloudEvent.of(
        "8e3a5f7b-9c2d-5e4f-8a1b-2c3d4e5f6a71",
        "/trustpipe/signing-service",
        Instant.parse("2026-11-20T10:15:33Z"),
        new TrustChanged(
            "localhost:5000/demo/app",
            TrustChanged.SIGSTORE_ROLE,
            1,
            "5f2a8d4c0b3e9f7a1d6c5b4a3928171605f4e3d2c1b0a9988776655443322110",
            null,
            List.of(new TrustChanged.Target("v1", APP_DIGEST, 401)),
            List.of(),
            List.of("d2e3f40516273849aabbccddeeff00112233445566778899aabbccddeeff0011"),
            ChangeCause.OCI_SIGNATURE,
            List.of("5b9c6f2e-0d61-5c3e-9a4f-2f4a0a3e8b11")));
  }

  static CloudEvent<KeyRotated> releasesKeyRotated() {
    return CloudEvent.of(
        "11111111-2222-5333-8444-555555555555",
        "/trustpipe/signing-service",
        Instant.parse("2026-11-21T09:00:00Z"),
        new KeyRotated(
            "registry.example.com/team/app",
            "targets/releases",
            RELEASES_KEY_ID,
            "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0",
            "operator:alice"));
  }

  static CloudEvent<EventRejected> badGunRejected() {
    return CloudEvent.of(
        "22222222-3333-5444-8555-666666666666",
        "/trustpipe/signing-service",
        Instant.parse("2026-11-21T09:30:00Z"),
        new EventRejected(
            "abc-123",
            "registry.example.com/team/../app",
            "$.subject: GUN \"registry.example.com/team/../app\" contains a '..' path segment",
            "{\"specversion\":\"1.0\",\"id\":\"abc-123\"}",
            false,
            RejectionStage.DECODE));
  }

  static byte[] bytes(String exampleFile) {
    String resource = "examples/" + exampleFile;
    try (InputStream in = Examples.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing " + resource);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ObjectNode tree(String exampleFile) {
    try {
      return (ObjectNode) SchemaSupport.JSON.readTree(bytes(exampleFile));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
