package dev.trustpipe.signing.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustpipe.signing.support.MutableClock;
import dev.trustpipe.signing.support.TestRegistry;
import dev.trustpipe.signing.support.TestRegistry.Pushed;
import dev.trustpipe.signing.support.TestTokenServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link RegistryClient} against the real CNCF Distribution registry from Debian. */
class RegistryClientTest {
  @TempDir static Path dir;
  static TestRegistry registry;

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
  private final RegistryClient client = new RegistryClient(fastRetries(), clock);

  @BeforeAll
  static void startRegistry() throws Exception {
    registry = TestRegistry.start(dir.resolve("open"));
  }

  @AfterAll
  static void stopRegistry() throws Exception {
    if (registry != null) {
      registry.close();
    }
  }

  static RegistrySettings fastRetries() {
    return RegistrySettings.defaults()
        .withRetries(3, Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofSeconds(5))
        .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5));
  }

  @Test
  void aDockerSchema2TagIsAnsweredWithItsDigestMediaTypeAndLength() throws Exception {
    Pushed pushed = registry.pushDocker("demo/docker", "v1");

    assertThat(client.headManifest(registry.host(), "demo/docker", "v1"))
        .contains(
            new ManifestDescriptor(pushed.digest(), TestRegistry.DOCKER_MANIFEST, pushed.size()));
  }

  @Test
  void anOciManifestTagAndItsDigestAreAnsweredAsThemselves() throws Exception {
    Pushed pushed = registry.pushOci("demo/oci", "v1");

    ManifestDescriptor expected =
        new ManifestDescriptor(pushed.digest(), TestRegistry.OCI_MANIFEST, pushed.size());
    assertThat(client.headManifest(registry.host(), "demo/oci", "v1")).contains(expected);
    assertThat(client.headManifest(registry.host(), "demo/oci", pushed.digest()))
        .contains(expected);
  }

  @Test
  void anOciIndexIsAnsweredAsTheIndexNotOneOfItsPlatformManifests() throws Exception {
    Pushed index = registry.pushOciIndex("demo/multi", "v2");

    assertThat(client.headManifest(registry.host(), "demo/multi", "v2"))
        .contains(new ManifestDescriptor(index.digest(), TestRegistry.OCI_INDEX, index.size()));
  }

  @Test
  void aMovedTagIsAnsweredWithWhereItPointsNow() throws Exception {
    Pushed first = registry.pushOci("demo/moving", "latest");
    Pushed second = registry.pushDocker("demo/moving", "latest");

    Optional<ManifestDescriptor> now =
        client.headManifest(registry.host(), "demo/moving", "latest");
    assertThat(now).map(ManifestDescriptor::digest).contains(second.digest());
    assertThat(second.digest()).isNotEqualTo(first.digest());
  }

  @Test
  void unknownTagsDigestsAndRepositoriesAreEmptyAnswersNotFailures() throws Exception {
    registry.pushOci("demo/known", "v1");
    String unknownDigest = "sha256:" + "ab".repeat(32);

    assertThat(client.headManifest(registry.host(), "demo/known", "nope")).isEmpty();
    assertThat(client.headManifest(registry.host(), "demo/known", unknownDigest)).isEmpty();
    assertThat(client.headManifest(registry.host(), "demo/never-pushed", "v1")).isEmpty();
  }

  @Test
  void aDeletedManifestIsGoneWithItsTags() throws Exception {
    Pushed pushed = registry.pushOci("demo/deleted", "v1");
    registry.deleteManifest("demo/deleted", pushed.digest());

    assertThat(client.headManifest(registry.host(), "demo/deleted", "v1")).isEmpty();
    assertThat(client.headManifest(registry.host(), "demo/deleted", pushed.digest())).isEmpty();
  }

  @Test
  void aRegistryThatIsDownIsUnavailableThenRestsThenAnswersOnceBack() throws Exception {
    TestRegistry flaky = TestRegistry.start(dir.resolve("flaky"));
    try {
      Pushed pushed = flaky.pushOci("demo/flaky", "v1");
      flaky.stop();

      assertThatThrownBy(() -> client.headManifest(flaky.host(), "demo/flaky", "v1"))
          .isInstanceOf(RegistryUnavailableException.class)
          .hasMessageContaining("3 tries");

      flaky.start();
      // within the cooldown the host is not asked: one batch does not wait out every event
      assertThatThrownBy(() -> client.headManifest(flaky.host(), "demo/flaky", "v1"))
          .isInstanceOf(RegistryUnavailableException.class)
          .hasMessageContaining("moments ago");

      clock.advance(Duration.ofSeconds(6));
      assertThat(client.headManifest(flaky.host(), "demo/flaky", "v1"))
          .map(ManifestDescriptor::digest)
          .contains(pushed.digest());
    } finally {
      flaky.close();
    }
  }

  @Test
  void basicAuthUsesTheCredentialsConfiguredForTheHost() throws Exception {
    try (TestRegistry locked =
        TestRegistry.startWithBasicAuth(dir.resolve("basic"), "trustpipe", "s3cret,:pw")) {
      Pushed pushed = locked.pushOci("team/private", "v1");

      RegistryClient authorised =
          new RegistryClient(
              fastRetries()
                  .withCredentials(
                      Map.of(locked.host(), new RegistryCredentials("trustpipe", "s3cret,:pw"))),
              clock);
      assertThat(authorised.headManifest(locked.host(), "team/private", "v1"))
          .map(ManifestDescriptor::digest)
          .contains(pushed.digest());
      // and again, now sending the credentials up front
      assertThat(authorised.headManifest(locked.host(), "team/private", "nope")).isEmpty();

      assertThatThrownBy(() -> client.headManifest(locked.host(), "team/private", "v1"))
          .isInstanceOf(RegistryUnavailableException.class)
          .hasMessageContaining("no credentials are configured");

      RegistryClient wrong =
          new RegistryClient(
              fastRetries()
                  .withCredentials(
                      Map.of(locked.host(), new RegistryCredentials("trustpipe", "guessed"))),
              clock);
      assertThatThrownBy(() -> wrong.headManifest(locked.host(), "team/private", "v1"))
          .isInstanceOf(RegistryUnavailableException.class)
          .hasMessageContaining("HTTP 401")
          .hasMessageNotContaining("guessed");
    }
  }

  @Test
  void tokenAuthFetchesAPullTokenFromTheRealmAndReusesItUntilItExpires() throws Exception {
    try (TestTokenServer tokens = TestTokenServer.start(Map.of("trustpipe", "t0ken-pw"))) {
      String pushToken =
          tokens.token("pusher", "repository:team/tokened:pull,push", Duration.ofMinutes(10));
      try (TestRegistry locked =
          TestRegistry.startWithTokenAuth(
              dir.resolve("token"),
              tokens.realm(),
              TestTokenServer.SERVICE,
              TestTokenServer.ISSUER,
              tokens.certificatePem(),
              pushToken)) {
        Pushed pushed = locked.pushOci("team/tokened", "v1");
        RegistryClient authorised =
            new RegistryClient(
                fastRetries()
                    .withCredentials(
                        Map.of(locked.host(), new RegistryCredentials("trustpipe", "t0ken-pw"))),
                clock);

        assertThat(authorised.headManifest(locked.host(), "team/tokened", "v1"))
            .map(ManifestDescriptor::digest)
            .contains(pushed.digest());
        assertThat(authorised.headManifest(locked.host(), "team/tokened", pushed.digest()))
            .map(ManifestDescriptor::digest)
            .contains(pushed.digest());
        assertThat(tokens.issued()).as("one pull token for both requests").isEqualTo(1);

        clock.advance(Duration.ofMinutes(5));
        assertThat(authorised.headManifest(locked.host(), "team/tokened", "v1")).isPresent();
        assertThat(tokens.issued()).as("a fresh token once the first expired").isEqualTo(2);

        RegistryClient anonymous = new RegistryClient(fastRetries(), clock);
        assertThatThrownBy(() -> anonymous.headManifest(locked.host(), "team/tokened", "v1"))
            .isInstanceOf(RegistryUnavailableException.class)
            .hasMessageContaining("token server")
            .hasMessageContaining("HTTP 401");
      }
    }
  }
}
