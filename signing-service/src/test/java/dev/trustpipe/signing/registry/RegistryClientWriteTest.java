package dev.trustpipe.signing.registry;

import static dev.trustpipe.signing.registry.RegistryClientTest.fastRetries;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustpipe.signing.support.MutableClock;
import dev.trustpipe.signing.support.TestRegistry;
import dev.trustpipe.signing.support.TestTokenServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The writes of the OCI-signature bridge (blob upload, manifest put) against the real Distribution
 * registry behind token auth: the registry checks every token's scope, so a write succeeds only
 * when the client asked the realm for {@code pull,push}, not the {@code pull} its reads use.
 */
class RegistryClientWriteTest {
  @TempDir Path dir;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));

  @Test
  void uploadsABlobAndPutsAManifestWithAPushTokenThenReadsThemBack() throws Exception {
    try (TestTokenServer tokens = TestTokenServer.start(Map.of("trustpipe", "t0ken-pw"));
        TestRegistry registry =
            TestRegistry.startWithTokenAuth(
                dir.resolve("token"),
                tokens.realm(),
                TestTokenServer.SERVICE,
                TestTokenServer.ISSUER,
                tokens.certificatePem(),
                tokens.token(
                    "setup", "repository:team/signed:pull,push", Duration.ofMinutes(10)))) {
      RegistryClient client =
          new RegistryClient(
              fastRetries()
                  .withCredentials(
                      Map.of(registry.host(), new RegistryCredentials("trustpipe", "t0ken-pw"))),
              clock);
      String host = registry.host();
      byte[] config = "{}".getBytes(StandardCharsets.UTF_8);
      String configDigest = "sha256:" + TestRegistry.sha256Hex(config);
      byte[] layer = "a signed payload".getBytes(StandardCharsets.UTF_8);
      String layerDigest = "sha256:" + TestRegistry.sha256Hex(layer);

      assertThat(client.hasBlob(host, "team/signed", layerDigest)).isFalse();
      client.putBlob(host, "team/signed", layerDigest, layer);
      client.putBlob(host, "team/signed", configDigest, config);
      client.putBlob(host, "team/signed", layerDigest, layer); // again: harmless
      assertThat(client.hasBlob(host, "team/signed", layerDigest)).isTrue();

      byte[] manifest =
          ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                  + "\"config\":{\"mediaType\":\"application/vnd.oci.empty.v1+json\",\"digest\":\""
                  + configDigest
                  + "\",\"size\":2},\"layers\":[{\"mediaType\":\"text/plain\",\"digest\":\""
                  + layerDigest
                  + "\",\"size\":"
                  + layer.length
                  + "}]}")
              .getBytes(StandardCharsets.UTF_8);
      String digest =
          client.putManifest(
              host,
              "team/signed",
              "sha256-" + "ab".repeat(32) + ".sig",
              "application/vnd.oci.image.manifest.v1+json",
              manifest);

      assertThat(digest).isEqualTo("sha256:" + TestRegistry.sha256Hex(manifest));
      ManifestContent read =
          client
              .getManifest(host, "team/signed", "sha256-" + "ab".repeat(32) + ".sig")
              .orElseThrow();
      assertThat(read.bytes()).isEqualTo(manifest);
      assertThat(read.digest()).isEqualTo(digest);
      assertThat(read.mediaType()).isEqualTo("application/vnd.oci.image.manifest.v1+json");
      assertThat(client.getManifest(host, "team/signed", "missing")).isEmpty();
      assertThat(tokens.issued()).as("one pull,push token, then one pull token").isEqualTo(2);
    }
  }

  @Test
  void aManifestNamingAMissingBlobIsRefusedNotRetriedForever() throws Exception {
    try (TestRegistry registry = TestRegistry.start(dir.resolve("open"))) {
      RegistryClient client = new RegistryClient(fastRetries(), clock);
      byte[] manifest =
          ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                  + "\"config\":{\"mediaType\":\"application/vnd.oci.empty.v1+json\",\"digest\":\"sha256:"
                  + "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a\",\"size\":2},"
                  + "\"layers\":[]}")
              .getBytes(StandardCharsets.UTF_8);

      assertThatThrownBy(
              () ->
                  client.putManifest(
                      registry.host(),
                      "team/app",
                      "t",
                      "application/vnd.oci.image.manifest.v1+json",
                      manifest))
          .isInstanceOf(RegistryRefusedException.class)
          .hasMessageContaining("HTTP 400");
    }
  }
}
