package dev.trustpipe.ingest.web;

import dev.trustpipe.contracts.EventType;
import dev.trustpipe.ingest.adapter.IgnoreReason;
import dev.trustpipe.ingest.adapter.Rejection;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * Per-source webhook metrics. Every tag value comes from a closed set (source names, enums), so a
 * sender cannot grow the number of series; requests for unknown sources are tagged {@code unknown}.
 *
 * <ul>
 *   <li>{@code trustpipe.ingest.webhooks.received{source}}: deliveries
 *   <li>{@code trustpipe.ingest.events.produced{source,type}}: events Kafka acknowledged
 *   <li>{@code trustpipe.ingest.events.ignored{source,reason}}: events that produce nothing
 *   <li>{@code trustpipe.ingest.webhooks.rejected{source,reason}}: deliveries refused with a 4xx
 *   <li>{@code trustpipe.ingest.webhooks.unavailable{source}}: deliveries answered 503
 *   <li>{@code trustpipe.ingest.webhooks.latency{source,outcome}}: time to answer, histogram
 * </ul>
 */
public final class WebhookMetrics {

  public static final String UNKNOWN_SOURCE = "unknown";

  /** How a delivery ended, the {@code outcome} tag of the latency timer. */
  public enum Outcome {
    ACCEPTED("accepted"),
    REJECTED("rejected"),
    UNAVAILABLE("unavailable");

    private final String tag;

    Outcome(String tag) {
      this.tag = tag;
    }
  }

  private final MeterRegistry registry;

  public WebhookMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  public void received(String source) {
    Counter.builder("trustpipe.ingest.webhooks.received")
        .description("Webhook deliveries received")
        .tag("source", source)
        .register(registry)
        .increment();
  }

  public void produced(String source, EventType type) {
    Counter.builder("trustpipe.ingest.events.produced")
        .description("Registry events acknowledged by Kafka")
        .tag("source", source)
        .tag("type", type.type())
        .register(registry)
        .increment();
  }

  public void ignored(String source, IgnoreReason reason) {
    Counter.builder("trustpipe.ingest.events.ignored")
        .description("Events of accepted deliveries that produce nothing")
        .tag("source", source)
        .tag("reason", reason.code())
        .register(registry)
        .increment();
  }

  public void rejected(String source, Rejection rejection) {
    Counter.builder("trustpipe.ingest.webhooks.rejected")
        .description("Deliveries refused with a 4xx")
        .tag("source", source)
        .tag("reason", rejection.code())
        .register(registry)
        .increment();
  }

  public void unavailable(String source) {
    Counter.builder("trustpipe.ingest.webhooks.unavailable")
        .description("Deliveries answered 503 because Kafka did not acknowledge")
        .tag("source", source)
        .register(registry)
        .increment();
  }

  public void latency(String source, Outcome outcome, Duration took) {
    Timer.builder("trustpipe.ingest.webhooks.latency")
        .description("Time from receiving a delivery to answering it")
        .tag("source", source)
        .tag("outcome", outcome.tag)
        .publishPercentileHistogram()
        .register(registry)
        .record(took);
  }
}
