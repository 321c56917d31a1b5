package dev.trustpipe.ingest.adapter;

import static dev.trustpipe.ingest.support.Normalised.delete;
import static dev.trustpipe.ingest.support.Normalised.push;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trustpipe.ingest.support.Fixtures;
import dev.trustpipe.ingest.support.Fixtures.CapturedRequest;
import dev.trustpipe.ingest.support.Normalised;
import dev.trustpipe.ingest.support.Parsing;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every capture of the real Distribution 2.8.2 registry gives exactly the events of WEBHOOKS.md's
 * table "What the captures normalise to".
 */
class DistributionFixturesTest {
  private static final String HOST = "127.0.0.1:5000";
  private static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";

  private final DistributionAdapter adapter =
      new DistributionAdapter(DistributionAdapter.DISTRIBUTION);

  private List<Normalised> events(String file) {
    CapturedRequest request = Fixtures.captured(file);
    assertThat(request.requestLine()).isEqualTo("POST /webhooks/distribution");
    assertThat(adapter.contentTypes()).contains(request.webhookHeaders().mediaType().orElseThrow());
    return Parsing.events(adapter, request.body(), request.webhookHeaders());
  }

  private List<IgnoreReason> ignored(String file) {
    CapturedRequest request = Fixtures.captured(file);
    return Parsing.ignored(adapter, request.body(), request.webhookHeaders());
  }

  @ParameterizedTest
  @CsvSource({
    "01-captures-001.txt",
    "02-captures-002.txt",
    "07-captures-007.txt",
    "08-captures-008.txt",
    "10-captures-010.txt",
    "11-captures-011.txt",
    "17-captures-retry-001.txt",
    "18-captures-retry-002.txt"
  })
  void blobPushesProduceNothing(String file) {
    assertThat(ignored(file)).containsExactly(IgnoreReason.BLOB);
  }

  @ParameterizedTest
  @CsvSource({"04-captures-004.txt", "05-captures-005.txt", "14-captures-014.txt"})
  void pullsProduceNothing(String file) {
    assertThat(ignored(file)).containsExactly(IgnoreReason.PULL);
  }

  @Test
  void ociManifestPushByTag() {
    assertThat(events("03-captures-003.txt"))
        .containsExactly(
            push(
                HOST,
                "demo/app",
                "v1",
                "sha256:af9fcbdd9edafa489cb35ad6f01f7a5b472b18121881d96d0e1676542d7acd98",
                OCI_MANIFEST,
                401L,
                null,
                "aa0de4ac-84c1-4aad-997c-a9364f42ce40",
                "2026-11-22T18:31:34.391475756Z"));
  }

  @Test
  void dockerSchema2PushByTag() {
    assertThat(events("06-captures-006.txt"))
        .containsExactly(
            push(
                HOST,
                "demo/app",
                "v1-docker",
                "sha256:aabc8521f333b9a90808e3db7e37c760c41ad60a67ed5d64fca6b74adfec6b20",
                "application/vnd.docker.distribution.manifest.v2+json",
                423L,
                null,
                "e83e1ab2-ecd2-4659-8146-d47857c6483d",
                "2026-11-22T18:31:34.43473874Z"));
  }

  @Test
  void indexChildrenArePushesByDigestWithoutTag() {
    assertThat(events("09-captures-009.txt"))
        .containsExactly(
            push(
                HOST,
                "demo/multi",
                null,
                "sha256:8db83fede401f2dad45e196dac483a21e319aac558f9d8f867a1add4e44990a9",
                OCI_MANIFEST,
                401L,
                null,
                "163547c0-f0cf-4a4d-862a-4677fe0fc664",
                "2026-11-22T18:31:48.835790015Z"));
    assertThat(events("12-captures-012.txt"))
        .containsExactly(
            push(
                HOST,
                "demo/multi",
                null,
                "sha256:702be1f6a6e1a0557eb92a28c889cee0f4e3c6e4bdad1791dc9654c77d07ec42",
                OCI_MANIFEST,
                401L,
                null,
                "6417fb73-5bed-4ab6-b7f0-5816ab3a6cfa",
                "2026-11-22T18:31:48.870651315Z"));
  }

  @Test
  void indexPushIsOneEventForTheIndexDigest() {
    assertThat(events("13-captures-013.txt"))
        .containsExactly(
            push(
                HOST,
                "demo/multi",
                "v2",
                "sha256:9dfa031d70c30cfc7c1bfb1d69121abd3853ec41ab22423f9a81f5d1ad7476cb",
                "application/vnd.oci.image.index.v1+json",
                491L,
                null,
                "4b797582-7466-4085-a9cb-41b0755f650d",
                "2026-11-22T18:31:48.874386168Z"));
  }

  @Test
  void deleteByDigestIsAManifestDeleteThenATagDeleteWithoutDigest() {
    assertThat(events("15-captures-015.txt"))
        .containsExactly(
            delete(
                HOST,
                "demo/app",
                null,
                "sha256:aabc8521f333b9a90808e3db7e37c760c41ad60a67ed5d64fca6b74adfec6b20",
                null,
                null,
                "620ebd48-deac-44e0-bfdf-33dfe3d17178",
                "2026-11-22T18:31:48.905128033Z"));
    assertThat(events("16-captures-016.txt"))
        .containsExactly(
            delete(
                HOST,
                "demo/app",
                "v1-docker",
                null,
                null,
                null,
                "a2f1200e-39c9-4dc8-9f29-cd4cd43c36e7",
                "2026-11-22T18:31:48.907799563Z"));
  }

  @Test
  void pushDeliveredAfterTheOutage() {
    assertThat(events("19-captures-retry-003.txt"))
        .containsExactly(
            push(
                HOST,
                "demo/retry",
                "v3",
                "sha256:27e92e8edcf5c2a36d1dfc4fc5b332b785cc1114eb25001f379327b09c545368",
                OCI_MANIFEST,
                401L,
                null,
                "d47b7866-9de3-45aa-8d25-d155135d6699",
                "2026-11-22T18:31:56.911402186Z"));
  }

  @Test
  void pushesAreReportedDigests() {
    RegistryEvent event =
        adapter
            .parse(
                Fixtures.captured("03-captures-003.txt").body(),
                Fixtures.captured("03-captures-003.txt").webhookHeaders())
            .events()
            .get(0);
    assertThat(event.digestResolution())
        .isEqualTo(dev.trustpipe.contracts.DigestResolution.REPORTED);
    assertThat(event.source()).isEqualTo("distribution");
  }
}
