package dev.trustpipe.ingest.adapter;

import static dev.trustpipe.ingest.support.Normalised.push;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustpipe.ingest.support.Fixtures;
import dev.trustpipe.ingest.support.Parsing;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** github/EXPECTED.md (the signatures are checked in SourceAuthenticatorTest). */
class GitHubFixturesTest {
  private static final String RECEIVED = Parsing.RECEIVED_AT.toString();
  private static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";

  private final GitHubAdapter adapter = new GitHubAdapter(Parsing.CLOCK);

  static WebhookHeaders headers(String delivery) {
    return WebhookHeaders.ofSingle(
        Map.of(
            "Content-Type", "application/json",
            "X-GitHub-Event", "package",
            "X-GitHub-Delivery", delivery,
            "X-GitHub-Hook-ID", "512345678",
            "User-Agent", "GitHub-Hookshot/7a1b2c3"));
  }

  @Test
  void packagePublishedTag() {
    assertThat(
            Parsing.events(
                adapter,
                Fixtures.body("github", "package-published-tag.json"),
                headers("a4adda61-7916-bfe5-4ecc-c36d3ef68279")))
        .containsExactly(
            push(
                "ghcr.io",
                "octo-org/hello-svc",
                "v2.0.0",
                "sha256:49f0565dfe2a6349a2fdc28e15fe7aed02b85f2f269aad275c99d5543a3d2007",
                OCI_MANIFEST,
                1052L,
                "octo-ci-bot",
                "a4adda61-7916-bfe5-4ecc-c36d3ef68279",
                RECEIVED));
  }

  @Test
  void packagePublishedUntagged() {
    assertThat(
            Parsing.events(
                adapter,
                Fixtures.body("github", "package-published-untagged.json"),
                headers("d085441a-a5fc-9c4f-bd1b-8c0d687f7d39")))
        .containsExactly(
            push(
                "ghcr.io",
                "octo-org/hello-svc",
                null,
                "sha256:160132b95f62295ee6b452e2395b9092909df00768ac4b8efa5007dbc134e747",
                OCI_MANIFEST,
                1052L,
                "octo-ci-bot",
                "d085441a-a5fc-9c4f-bd1b-8c0d687f7d39",
                RECEIVED));
  }

  @Test
  void packageUpdatedTag() {
    assertThat(
            Parsing.events(
                adapter,
                Fixtures.body("github", "package-updated-tag.json"),
                headers("a101841b-d105-9be2-0a6c-a3cce7736df5")))
        .containsExactly(
            push(
                "ghcr.io",
                "octo-org/hello-svc",
                "stable",
                "sha256:49f0565dfe2a6349a2fdc28e15fe7aed02b85f2f269aad275c99d5543a3d2007",
                OCI_MANIFEST,
                1052L,
                "octo-ci-bot",
                "a101841b-d105-9be2-0a6c-a3cce7736df5",
                RECEIVED));
  }

  @Test
  void aFormEncodedDeliveryCarriesTheSamePayload() {
    byte[] json = Fixtures.body("github", "package-published-tag.json");
    byte[] form =
        ("payload="
                + URLEncoder.encode(
                    new String(json, StandardCharsets.UTF_8), StandardCharsets.UTF_8))
            .getBytes(StandardCharsets.UTF_8);
    WebhookHeaders headers =
        WebhookHeaders.ofSingle(
            Map.of(
                "Content-Type", "application/x-www-form-urlencoded",
                "X-GitHub-Event", "package",
                "X-GitHub-Delivery", "a4adda61-7916-bfe5-4ecc-c36d3ef68279"));
    assertThat(Parsing.events(adapter, form, headers))
        .isEqualTo(Parsing.events(adapter, json, headers("a4adda61-7916-bfe5-4ecc-c36d3ef68279")));
  }

  @Test
  void aDigestThatContradictsTheVersionIsRefused() {
    byte[] contradicting =
        new String(Fixtures.body("github", "package-published-tag.json"), StandardCharsets.UTF_8)
            .replaceFirst(
                "\"digest\": \"sha256:49f0565dfe2a6349a2fdc28e15fe7aed02b85f2f269aad275c99d5543a3d2007\"",
                "\"digest\": \"sha256:" + "1".repeat(64) + "\"")
            .getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(
            () -> adapter.parse(contradicting, headers("a4adda61-7916-bfe5-4ecc-c36d3ef68279")))
        .isInstanceOf(BadWebhookException.class)
        .hasMessageContaining("contradicts");
  }

  @Test
  void githubsOwnMalformedFortyHexDigestsAreIgnoredNotBelieved() {
    byte[] fortyHex =
        new String(Fixtures.body("github", "package-published-tag.json"), StandardCharsets.UTF_8)
            .replace(
                "\"digest\": \"sha256:49f0565dfe2a6349a2fdc28e15fe7aed02b85f2f269aad275c99d5543a3d2007\"",
                "\"digest\": \"sha256:" + "a".repeat(40) + "\"")
            .getBytes(StandardCharsets.UTF_8);
    assertThat(Parsing.events(adapter, fortyHex, headers("a4adda61-7916-bfe5-4ecc-c36d3ef68279")))
        .extracting(n -> n.digest())
        .containsExactly("sha256:49f0565dfe2a6349a2fdc28e15fe7aed02b85f2f269aad275c99d5543a3d2007");
  }

  @Test
  void pingsAndOtherPackagesAreIgnored() {
    WebhookHeaders ping =
        WebhookHeaders.ofSingle(
            Map.of("Content-Type", "application/json", "X-GitHub-Event", "ping"));
    assertThat(
            Parsing.ignored(
                adapter, "{\"zen\":\"Keep it simple.\"}".getBytes(StandardCharsets.UTF_8), ping))
        .containsExactly(IgnoreReason.PING);
    byte[] npm =
        new String(Fixtures.body("github", "package-published-tag.json"), StandardCharsets.UTF_8)
            .replace("\"package_type\": \"CONTAINER\"", "\"package_type\": \"npm\"")
            .getBytes(StandardCharsets.UTF_8);
    assertThat(Parsing.ignored(adapter, npm, headers("x")))
        .containsExactly(IgnoreReason.NOT_A_CONTAINER);
  }
}
