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

/** harbor/EXPECTED.md: Default and CloudEvents payloads. */
class HarborFixturesTest {
  private static final String HOST = "harbor.example.test";
  private static final WebhookHeaders CLOUD_EVENTS =
      WebhookHeaders.ofSingle(Map.of("Content-Type", "application/cloudevents+json"));

  private final HarborAdapter adapter = new HarborAdapter();

  private List<Normalised> events(String file, WebhookHeaders headers) {
    return Parsing.events(adapter, Fixtures.body("harbor", file), headers);
  }

  @Test
  void defaultPushTag() {
    assertThat(events("default-push-tag.json", Parsing.json()))
        .containsExactly(
            push(
                HOST,
                "payments/api",
                "1.4.0",
                "sha256:66517ac62b898662fcb30f5d83ef3f6c6eecc567acc0dda3cb20827678a3e580",
                null,
                null,
                "ci-bot",
                null,
                "2026-11-18T11:06:40Z"));
  }

  @Test
  void defaultPushByDigestHasTheDigestAsTagWhichMeansNoTag() {
    assertThat(events("default-push-digest-only.json", Parsing.json()))
        .containsExactly(
            push(
                HOST,
                "payments/api",
                null,
                "sha256:99b3bb703cf2e9c7e8e3bcf3a389e333667e2e79a0d318250701414871a16492",
                null,
                null,
                "ci-bot",
                null,
                "2026-11-18T11:06:47Z"));
  }

  @Test
  void defaultDelete() {
    assertThat(events("default-delete.json", Parsing.json()))
        .containsExactly(
            delete(
                HOST,
                "payments/api",
                "1.3.9",
                "sha256:0b284b4388fa7c0c6901adf0808edb006fb4cd4490c713b5df90c321ffd3ff04",
                null,
                "release-admin",
                null,
                "2026-11-18T11:07:40Z"));
  }

  @Test
  void cloudEventsPushTag() {
    assertThat(events("cloudevents-push-tag.json", CLOUD_EVENTS))
        .containsExactly(
            push(
                HOST,
                "payments/api",
                "1.5.0",
                "sha256:5ea3f4212574e70d8c0827ac97c97dae3e484b7bcd7b81352051a0d033f11990",
                null,
                null,
                "ci-bot",
                "5b0f3c7e-2d41-4a8e-9a51-0c1b6e2f4d10",
                "2026-11-18T11:08:40Z"));
  }

  @Test
  void cloudEventsDelete() {
    assertThat(events("cloudevents-delete.json", CLOUD_EVENTS))
        .containsExactly(
            delete(
                HOST,
                "payments/api",
                "1.4.0",
                "sha256:66517ac62b898662fcb30f5d83ef3f6c6eecc567acc0dda3cb20827678a3e580",
                null,
                "release-admin",
                "0e9c4a21-7b3d-4f6e-8c12-5a4d3b2c1e0f",
                "2026-11-18T11:09:40Z"));
  }

  @Test
  void theDefaultFormatKeyIsTypeDigestTagAndTime() {
    RegistryEventId first = onlyEvent("default-push-tag.json").eventId();
    assertThat(first.synthetic()).isTrue();
    assertThat(onlyEvent("default-push-tag.json").eventId()).isEqualTo(first);
    byte[] later =
        new String(
                Fixtures.body("harbor", "default-push-tag.json"),
                java.nio.charset.StandardCharsets.UTF_8)
            .replace("1795000000", "1795000001")
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    assertThat(adapter.parse(later, Parsing.json()).events().get(0).eventId()).isNotEqualTo(first);
  }

  @Test
  void pullsAreIgnored() {
    byte[] pull =
        new String(
                Fixtures.body("harbor", "default-push-tag.json"),
                java.nio.charset.StandardCharsets.UTF_8)
            .replace("PUSH_ARTIFACT", "PULL_ARTIFACT")
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    assertThat(Parsing.ignored(adapter, pull, Parsing.json()))
        .containsExactly(IgnoreReason.NOT_A_MANIFEST_EVENT);
  }

  private RegistryEvent onlyEvent(String file) {
    return adapter.parse(Fixtures.body("harbor", file), Parsing.json()).events().get(0);
  }
}
