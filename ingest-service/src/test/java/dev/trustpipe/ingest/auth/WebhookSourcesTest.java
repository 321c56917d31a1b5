package dev.trustpipe.ingest.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustpipe.ingest.IngestProperties;
import dev.trustpipe.ingest.IngestProperties.SourceSettings;
import dev.trustpipe.ingest.WebhookSources;
import dev.trustpipe.ingest.adapter.DistributionAdapter;
import dev.trustpipe.ingest.adapter.DockerHubAdapter;
import dev.trustpipe.ingest.adapter.WebhookAdapter;
import dev.trustpipe.ingest.adapter.WebhookHeaders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

/** The quick-start secret and per-source settings. */
class WebhookSourcesTest {
  private static final List<WebhookAdapter> ADAPTERS =
      List.of(new DistributionAdapter("distribution"), new DockerHubAdapter());

  @TempDir Path home;

  private IngestProperties properties(String sharedSecret, Map<String, SourceSettings> sources) {
    return new IngestProperties(
        DataSize.ofMegabytes(1),
        Duration.ofSeconds(4),
        "",
        sharedSecret,
        home.resolve("webhook-secret"),
        List.of("bearer", "token", "hmac-sha256"),
        sources);
  }

  private static SenderCredentials bearer(String secret) {
    return new SenderCredentials(
        WebhookHeaders.ofSingle(Map.of("Authorization", "Bearer " + secret)),
        null,
        new byte[0],
        "127.0.0.1");
  }

  @Test
  void theQuickStartGeneratesOneSecretOnceWithOwnerOnlyPermissions() throws Exception {
    List<String> printed = new ArrayList<>();
    WebhookSources first =
        WebhookSources.configure(ADAPTERS, properties("", Map.of()), printed::add);

    Path file = home.resolve("webhook-secret");
    String secret = Files.readString(file).strip();
    assertThat(secret).hasSizeGreaterThanOrEqualTo(43).matches("[A-Za-z0-9_-]+");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(printed).hasSize(1);
    assertThat(printed.get(0)).contains(secret).contains(file.toString());
    assertThatCode(
            () ->
                first.find("dockerhub").orElseThrow().authenticator().authenticate(bearer(secret)))
        .doesNotThrowAnyException();

    // a restart keeps the secret and only says where it is
    printed.clear();
    WebhookSources second =
        WebhookSources.configure(ADAPTERS, properties("", Map.of()), printed::add);
    assertThat(Files.readString(file).strip()).isEqualTo(secret);
    assertThat(printed).singleElement().asString().doesNotContain(secret);
    assertThatCode(
            () ->
                second
                    .find("distribution")
                    .orElseThrow()
                    .authenticator()
                    .authenticate(bearer(secret)))
        .doesNotThrowAnyException();
  }

  @Test
  void aConfiguredSharedSecretIsNeitherWrittenNorPrinted() {
    List<String> printed = new ArrayList<>();
    WebhookSources sources =
        WebhookSources.configure(ADAPTERS, properties("configured", Map.of()), printed::add);
    assertThat(printed).isEmpty();
    assertThat(home.resolve("webhook-secret")).doesNotExist();
    assertThatCode(
            () ->
                sources
                    .find("distribution")
                    .orElseThrow()
                    .authenticator()
                    .authenticate(bearer("configured")))
        .doesNotThrowAnyException();
  }

  @Test
  void aSourceCanHaveItsOwnSecretMethodsOrBeDisabled() {
    WebhookSources sources =
        WebhookSources.configure(
            ADAPTERS,
            properties(
                "shared",
                Map.of(
                    "distribution",
                        new SourceSettings(true, "own", null, List.of("bearer"), null, null),
                    "dockerhub", new SourceSettings(false, null, null, null, null, null))),
            line -> {});
    var distribution = sources.find("distribution").orElseThrow().authenticator();
    assertThatCode(() -> distribution.authenticate(bearer("own"))).doesNotThrowAnyException();
    assertThatThrownBy(() -> distribution.authenticate(bearer("shared")));
    assertThat(sources.find("dockerhub")).isEmpty();
    assertThat(sources.names()).containsExactly("distribution");
  }

  @Test
  void settingsForAnUnknownSourceStopTheStart() {
    assertThatThrownBy(
            () ->
                WebhookSources.configure(
                    ADAPTERS,
                    properties(
                        "shared",
                        Map.of("nexus", new SourceSettings(true, null, null, null, null, null))),
                    line -> {}))
        .hasMessageContaining("nexus");
  }
}
