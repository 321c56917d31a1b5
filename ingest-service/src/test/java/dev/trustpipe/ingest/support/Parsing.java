package dev.trustpipe.ingest.support;

import dev.trustpipe.ingest.adapter.IgnoreReason;
import dev.trustpipe.ingest.adapter.Ignored;
import dev.trustpipe.ingest.adapter.ParsedWebhook;
import dev.trustpipe.ingest.adapter.WebhookAdapter;
import dev.trustpipe.ingest.adapter.WebhookHeaders;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/** Runs an adapter over a fixture, for assertions in EXPECTED.md terms. */
public final class Parsing {

  /** The receipt time of every test delivery ("time: receipt time" in EXPECTED.md). */
  public static final Instant RECEIVED_AT = Instant.parse("2026-11-23T09:00:00Z");

  public static final Clock CLOCK = Clock.fixed(RECEIVED_AT, ZoneOffset.UTC);

  private Parsing() {}

  public static WebhookHeaders json() {
    return WebhookHeaders.ofSingle(Map.of("Content-Type", "application/json"));
  }

  public static List<Normalised> events(
      WebhookAdapter adapter, byte[] body, WebhookHeaders headers) {
    return adapter.parse(body, headers).events().stream().map(Normalised::of).toList();
  }

  public static List<IgnoreReason> ignored(
      WebhookAdapter adapter, byte[] body, WebhookHeaders headers) {
    ParsedWebhook parsed = adapter.parse(body, headers);
    if (!parsed.events().isEmpty()) {
      throw new AssertionError("expected nothing produced, got " + parsed.events());
    }
    return parsed.ignored().stream().map(Ignored::reason).toList();
  }
}
