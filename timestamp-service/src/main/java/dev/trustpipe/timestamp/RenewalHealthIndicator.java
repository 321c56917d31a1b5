package dev.trustpipe.timestamp;

import dev.trustpipe.timestamp.renewal.RenewalStatus;
import dev.trustpipe.truststore.ExpiringMetadata;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/**
 * Readiness: DOWN while any renewable role expires within the danger window (the renewal is not
 * keeping up, or custody is failing), or before the first status was read.
 */
public class RenewalHealthIndicator extends AbstractHealthIndicator {
  private final RenewalLoop loop;
  private final Duration dangerWindow;
  private final Clock clock;

  public RenewalHealthIndicator(RenewalLoop loop, Duration dangerWindow, Clock clock) {
    super("renewal health check failed");
    this.loop = loop;
    this.dangerWindow = dangerWindow;
    this.clock = clock;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    RenewalStatus status = loop.status();
    builder.withDetail("dangerWindow", dangerWindow.toString());
    if (status == null) {
      builder.down().withDetail("reason", "no renewal status read yet");
      if (loop.statusError() != null) {
        builder.withDetail("error", loop.statusError());
      }
      return;
    }
    Instant now = clock.instant();
    Optional<ExpiringMetadata> earliest = status.earliestOverall();
    builder
        .withDetail("asOf", status.asOf().toString())
        .withDetail("backlog", status.backlog())
        .withDetail("failing", status.failing())
        .withDetail("offlineExpiring", status.offlineExpiring());
    earliest.ifPresent(
        e ->
            builder.withDetail(
                "earliest", e.gun() + " " + e.role() + " v" + e.version() + " " + e.expires()));
    if (earliest.isPresent() && earliest.get().expires().isBefore(now.plus(dangerWindow))) {
      builder.down().withDetail("reason", "metadata expires within the danger window");
    } else {
      builder.up();
    }
  }
}
