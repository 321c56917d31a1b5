package dev.trustpipe.ingest.adapter;

import static dev.trustpipe.ingest.support.Normalised.delete;
import static dev.trustpipe.ingest.support.Normalised.push;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trustpipe.ingest.support.Fixtures;
import dev.trustpipe.ingest.support.Normalised;
import dev.trustpipe.ingest.support.Parsing;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** gitlab/EXPECTED.md. */
class GitLabFixturesTest {
  private static final String HOST = "registry.gitlab.example.test";
  private static final WebhookHeaders HEADERS =
      WebhookHeaders.ofSingle(
          Map.of("Content-Type", "application/vnd.docker.distribution.events.v1+json"));

  private final DistributionAdapter adapter = new DistributionAdapter(DistributionAdapter.GITLAB);

  private List<Normalised> events(String file) {
    return Parsing.events(adapter, Fixtures.body("gitlab", file), HEADERS);
  }

  @Test
  void pushTag() {
    assertThat(events("push-tag.json"))
        .containsExactly(
            push(
                HOST,
                "group/project/app",
                "1.8.0",
                "sha256:a6bbf9e77bf3bda945c3aaeec35e4974c66bc57c0f49d65e1fad99bcdd923200",
                "application/vnd.oci.image.manifest.v1+json",
                1021L,
                "jdoe",
                "2c7e1b0a-9f8e-4d7c-b6a5-948372615a0b",
                "2026-11-20T10:15:30.123456789Z"));
  }

  @Test
  void pushDigestOnly() {
    assertThat(events("push-digest-only.json"))
        .containsExactly(
            push(
                HOST,
                "group/project/app",
                null,
                "sha256:192df7c4ee05a730046d8da9da08ad726d4945bb495bfb4cac09a1b935b25a00",
                "application/vnd.docker.distribution.manifest.v2+json",
                527L,
                "gitlab-ci-token",
                "3d8f2c1b-0a9f-4e8d-a7b6-a59483726b1c",
                "2026-11-20T10:16:02.000000001Z"));
  }

  @Test
  void deleteDigest() {
    assertThat(events("delete-digest.json"))
        .containsExactly(
            delete(
                HOST,
                "group/project/app",
                null,
                "sha256:6cd5ca93ae135ef637649ff3d59326f14bcb88e5fa653c42db31806688e67a5b",
                null,
                "jdoe",
                "4e9a3d2c-1b0a-4f9e-b8c7-b6a594837c2d",
                "2026-11-20T11:00:00.5Z"));
  }

  @Test
  void deleteTag() {
    assertThat(events("delete-tag.json"))
        .containsExactly(
            delete(
                HOST,
                "group/project/app",
                "1.7.9",
                null,
                null,
                "jdoe",
                "5fab4e3d-2c1b-4a0f-c9d8-c7b6a5948d3e",
                "2026-11-20T11:00:00.6Z"));
  }

  @Test
  void blobPushProducesNothing() {
    assertThat(Parsing.ignored(adapter, Fixtures.body("gitlab", "blob-push.json"), HEADERS))
        .containsExactly(IgnoreReason.BLOB);
  }

  @Test
  void eventsCarryTheGitLabSource() {
    assertThat(adapter.parse(Fixtures.body("gitlab", "push-tag.json"), HEADERS).events())
        .extracting(RegistryEvent::source)
        .containsExactly("gitlab");
  }
}
