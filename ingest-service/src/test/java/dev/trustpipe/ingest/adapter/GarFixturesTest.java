package dev.trustpipe.ingest.adapter;

import static dev.trustpipe.ingest.support.Normalised.delete;
import static dev.trustpipe.ingest.support.Normalised.push;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustpipe.ingest.support.Fixtures;
import dev.trustpipe.ingest.support.Parsing;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** gar/EXPECTED.md: Pub/Sub push envelopes with full references in {@code message.data}. */
class GarFixturesTest {
  private static final String HOST = "europe-west1-docker.pkg.dev";
  private static final String REPOSITORY = "acme-prod/containers/gateway";

  private final GarAdapter adapter = new GarAdapter();

  @Test
  void pushTag() {
    assertThat(Parsing.events(adapter, Fixtures.body("gar", "push-tag.json"), Parsing.json()))
        .containsExactly(
            push(
                HOST,
                REPOSITORY,
                "4.2.0",
                "sha256:29a2d14febdacb6c5ebed6f73b7a32cfd24033b9b40cc419abb8b39a722803c4",
                null,
                null,
                null,
                "12061993100001",
                "2026-11-20T16:00:00.123Z"));
  }

  @Test
  void pushDigestOnly() {
    assertThat(
            Parsing.events(adapter, Fixtures.body("gar", "push-digest-only.json"), Parsing.json()))
        .containsExactly(
            push(
                HOST,
                REPOSITORY,
                null,
                "sha256:3039670da48b0bd4fddc5c1a47ffc94c45d28a835d7f9aed1396063417c2e04e",
                null,
                null,
                null,
                "12061993100002",
                "2026-11-20T16:00:01.5Z"));
  }

  @Test
  void deleteTag() {
    assertThat(Parsing.events(adapter, Fixtures.body("gar", "delete-tag.json"), Parsing.json()))
        .containsExactly(
            delete(
                HOST,
                REPOSITORY,
                "4.1.0",
                null,
                null,
                null,
                "12061993100003",
                "2026-11-20T17:00:00Z"));
  }

  @Test
  void referencesToTwoDifferentImagesAreRefused() {
    String data =
        "{\"action\":\"INSERT\",\"digest\":\"europe-west1-docker.pkg.dev/p/r/a@sha256:"
            + "1".repeat(64)
            + "\",\"tag\":\"europe-west1-docker.pkg.dev/p/r/b:1.0\"}";
    byte[] body =
        ("{\"message\":{\"data\":\""
                + Base64.getEncoder().encodeToString(data.getBytes(StandardCharsets.UTF_8))
                + "\",\"messageId\":\"1\",\"publishTime\":\"2026-11-20T17:00:00Z\"}}")
            .getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> adapter.parse(body, Parsing.json()))
        .isInstanceOf(BadWebhookException.class)
        .hasMessageContaining("different images");
  }
}
