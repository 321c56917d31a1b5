package dev.trustpipe.ingest.adapter;

import static dev.trustpipe.ingest.support.Normalised.push;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trustpipe.contracts.DigestResolution;
import dev.trustpipe.ingest.support.Fixtures;
import dev.trustpipe.ingest.support.Parsing;
import java.time.Clock;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** quay/EXPECTED.md: one push per updated tag, each to be resolved; time = receipt time. */
class QuayFixturesTest {
  private static final String RECEIVED = Parsing.RECEIVED_AT.toString();

  private final QuayAdapter adapter = new QuayAdapter(Parsing.CLOCK);

  @Test
  void pushTag() {
    assertThat(Parsing.events(adapter, Fixtures.body("quay", "push-tag.json"), Parsing.json()))
        .containsExactly(
            push("quay.io", "acme/worker", "v3.2.1", null, null, null, null, null, RECEIVED));
  }

  @Test
  void pushMultipleTagsIsOneEventPerTag() {
    assertThat(
            Parsing.events(
                adapter, Fixtures.body("quay", "push-multiple-tags.json"), Parsing.json()))
        .containsExactly(
            push("quay.io", "acme/worker", "v3.2.2", null, null, null, null, null, RECEIVED),
            push("quay.io", "acme/worker", "stable", null, null, null, null, null, RECEIVED));
  }

  @Test
  void eachTagHasItsOwnKeyAndNeedsResolution() {
    var events =
        adapter.parse(Fixtures.body("quay", "push-multiple-tags.json"), Parsing.json()).events();
    assertThat(events)
        .extracting(RegistryEvent::digestResolution)
        .containsOnly(DigestResolution.REQUIRED);
    assertThat(events.get(0).eventId()).isNotEqualTo(events.get(1).eventId());
  }

  @Test
  void aLaterDeliveryOfTheSameTagIsAnotherEvent() {
    var first = adapter.parse(Fixtures.body("quay", "push-tag.json"), Parsing.json()).events();
    var later =
        new QuayAdapter(Clock.fixed(Parsing.RECEIVED_AT.plusSeconds(60), ZoneOffset.UTC))
            .parse(Fixtures.body("quay", "push-tag.json"), Parsing.json())
            .events();
    assertThat(later.get(0).eventId()).isNotEqualTo(first.get(0).eventId());
  }

  @Test
  void aNotificationWithoutTagsIsNotAPush() {
    byte[] build =
        "{\"repository\":\"acme/worker\",\"docker_url\":\"quay.io/acme/worker\",\"build_id\":\"x\"}"
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    assertThat(Parsing.ignored(adapter, build, Parsing.json()))
        .containsExactly(IgnoreReason.NO_TAG);
  }
}
