package dev.trustpipe.ingest.adapter.fuzz;

import dev.trustpipe.contracts.CloudEvent;
import dev.trustpipe.contracts.EventCodec;
import dev.trustpipe.contracts.EventData;
import dev.trustpipe.ingest.adapter.BadWebhookException;
import dev.trustpipe.ingest.adapter.ParsedWebhook;
import dev.trustpipe.ingest.adapter.RegistryEvent;
import dev.trustpipe.ingest.adapter.WebhookAdapter;
import dev.trustpipe.ingest.adapter.WebhookHeaders;
import dev.trustpipe.ingest.publish.RegistryCloudEvents;
import dev.trustpipe.ingest.publish.RegistryHostAliases;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * What every adapter must do with any body: return events that can be produced (valid CloudEvents
 * the schema accepts, consistent with the delivery's outcome count), or throw a {@link
 * BadWebhookException} with a 4xx status and a message; never anything else, never slowly.
 */
final class AdapterProperties {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T09:00:00Z"), ZoneOffset.UTC);
  static final WebhookHeaders JSON =
      WebhookHeaders.ofSingle(Map.of("Content-Type", "application/json"));

  private static final EventCodec CODEC = new EventCodec();
  private static final RegistryCloudEvents CLOUD_EVENTS =
      new RegistryCloudEvents(RegistryHostAliases.none(), CLOCK);

  /**
   * Microseconds are normal. Not JUnit's {@code @Timeout}: with JAZZER_FUZZ JUnit applies it to the
   * whole fuzzing run (jazzer#930).
   */
  private static final Duration SLOW = Duration.ofSeconds(5);

  static {
    // load and instrument the JSON and schema libraries before anything is timed: under Jazzer's
    // hooks the first event takes seconds
    RegistryEvent sample =
        RegistryEvent.push(
            "distribution",
            "registry.example.com",
            "team/app",
            "v1",
            "sha256:" + "0".repeat(64),
            "application/vnd.oci.image.manifest.v1+json",
            1L,
            "ci",
            dev.trustpipe.ingest.adapter.RegistryEventId.reported("warm-up"),
            CLOCK.instant());
    CODEC.decode(CODEC.encode(CLOUD_EVENTS.toCloudEvent(sample)));
    try {
      new dev.trustpipe.ingest.adapter.EcrAdapter().parse("{}".getBytes(), JSON);
    } catch (BadWebhookException expected) {
      // only the loading mattered
    }
  }

  private AdapterProperties() {}

  static void check(WebhookAdapter adapter, byte[] body, WebhookHeaders headers) {
    long start = System.nanoTime();
    ParsedWebhook parsed;
    try {
      parsed = adapter.parse(body, headers);
    } catch (BadWebhookException e) {
      if (e.status() < 400
          || e.status() > 499
          || e.getMessage() == null
          || e.getMessage().isBlank()) {
        throw new IllegalStateException("a rejection without a 4xx status and a reason", e);
      }
      checkTime(start, body);
      return;
    }
    if (parsed.events().size() + parsed.ignored().size() != parsed.outcomes().size()) {
      throw new IllegalStateException("outcomes are neither events nor ignored");
    }
    for (RegistryEvent event : parsed.events()) {
      if (!event.source().equals(adapter.source())) {
        throw new IllegalStateException(
            "event of source " + event.source() + " from " + adapter.source());
      }
      if (event.digest() != null && !event.digest().startsWith("sha256:")) {
        throw new IllegalStateException("a digest that is not sha256: " + event.digest());
      }
      CloudEvent<EventData> cloudEvent = CLOUD_EVENTS.toCloudEvent(event);
      // schema-checked, and what consumers decode is what was produced
      if (!CODEC.decode(CODEC.encode(cloudEvent)).event().equals(cloudEvent)) {
        throw new IllegalStateException("the event does not survive encoding: " + cloudEvent);
      }
    }
    checkTime(start, body);
  }

  private static void checkTime(long start, byte[] body) {
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    if (took.compareTo(SLOW) > 0) {
      throw new IllegalStateException("took " + took + " for " + body.length + " bytes");
    }
  }
}
