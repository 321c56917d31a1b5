package dev.trustpipe.ingest.adapter;

import static dev.trustpipe.ingest.support.Normalised.push;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trustpipe.contracts.DigestResolution;
import dev.trustpipe.ingest.support.Fixtures;
import dev.trustpipe.ingest.support.Parsing;
import org.junit.jupiter.api.Test;

/** dockerhub/EXPECTED.md: no digest, so every push is marked for resolution. */
class DockerHubFixturesTest {
  private final DockerHubAdapter adapter = new DockerHubAdapter();

  @Test
  void pushTag() {
    assertThat(Parsing.events(adapter, Fixtures.body("dockerhub", "push-tag.json"), Parsing.json()))
        .containsExactly(
            push(
                "docker.io",
                "acme/web",
                "2.1.0",
                null,
                null,
                null,
                "acme-ci",
                null,
                "2026-11-18T11:11:40Z"));
  }

  @Test
  void pushTagLatest() {
    assertThat(
            Parsing.events(
                adapter, Fixtures.body("dockerhub", "push-tag-latest.json"), Parsing.json()))
        .containsExactly(
            push(
                "docker.io",
                "acmeorg/batch-runner",
                "latest",
                null,
                null,
                null,
                "jdoe",
                null,
                "2026-11-18T11:12:25Z"));
  }

  @Test
  void theDigestMustBeResolvedBeforeSigning() {
    RegistryEvent event =
        adapter.parse(Fixtures.body("dockerhub", "push-tag.json"), Parsing.json()).events().get(0);
    assertThat(event.digestResolution()).isEqualTo(DigestResolution.REQUIRED);
    assertThat(event.eventId().synthetic()).isTrue();
  }

  @Test
  void officialImagesLiveUnderLibrary() {
    byte[] official =
        "{\"push_data\":{\"pushed_at\":1.417566161e+09,\"tag\":\"1.27\"},\"repository\":{\"repo_name\":\"nginx\"}}"
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    RegistryEvent event = adapter.parse(official, Parsing.json()).events().get(0);
    assertThat(event.repository()).isEqualTo("library/nginx");
    assertThat(event.occurredAt()).isEqualTo(java.time.Instant.parse("2014-12-03T00:22:41Z"));
  }
}
