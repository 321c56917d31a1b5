package dev.trustpipe.ingest.adapter;

import static dev.trustpipe.ingest.support.Normalised.delete;
import static dev.trustpipe.ingest.support.Normalised.push;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trustpipe.ingest.support.Fixtures;
import dev.trustpipe.ingest.support.Parsing;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** ecr/EXPECTED.md: EventBridge {@code ECR Image Action} through an API destination. */
class EcrFixturesTest {
  private static final String HOST = "111122223333.dkr.ecr.eu-west-1.amazonaws.com";

  private final EcrAdapter adapter = new EcrAdapter();

  @Test
  void pushTag() {
    assertThat(Parsing.events(adapter, Fixtures.body("ecr", "push-tag.json"), Parsing.json()))
        .containsExactly(
            push(
                HOST,
                "team/backend",
                "7.3.0",
                "sha256:3413f2a836e7576f883bda0920d29d81289c98074ee66548d832c60d77e88b44",
                "application/vnd.oci.image.manifest.v1+json",
                null,
                null,
                "4b3c2d1e-0f9a-8b7c-6d5e-4f3a2b1c0d9e",
                "2026-11-20T14:00:05Z"));
  }

  @Test
  void delete_() {
    assertThat(Parsing.events(adapter, Fixtures.body("ecr", "delete.json"), Parsing.json()))
        .containsExactly(
            delete(
                HOST,
                "team/backend",
                "7.2.9",
                "sha256:9f83f27477ea581cf99f5c92c816563fea368b41498c5b5a148ca5a424c0b847",
                null,
                null,
                "5c4d3e2f-1a0b-9c8d-7e6f-5a4b3c2d1e0f",
                "2026-11-20T15:00:00Z"));
  }

  @Test
  void failedActionsAndOtherDetailTypesAreIgnored() {
    String push = new String(Fixtures.body("ecr", "push-tag.json"), StandardCharsets.UTF_8);
    assertThat(
            Parsing.ignored(
                adapter,
                push.replace("\"SUCCESS\"", "\"FAILED\"").getBytes(StandardCharsets.UTF_8),
                Parsing.json()))
        .containsExactly(IgnoreReason.FAILED_OPERATION);
    assertThat(
            Parsing.ignored(
                adapter,
                push.replace("ECR Image Action", "ECR Image Scan").getBytes(StandardCharsets.UTF_8),
                Parsing.json()))
        .containsExactly(IgnoreReason.NOT_A_MANIFEST_EVENT);
  }
}
