package dev.trustpipe.timestamp;

import dev.trustpipe.timestamp.renewal.RenewalEngine;
import dev.trustpipe.timestamp.renewal.RenewalResult;
import dev.trustpipe.timestamp.renewal.RenewalStatus;
import dev.trustpipe.truststore.ExpiringMetadata;
import dev.trustpipe.truststore.TrustStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs a renewal pass every interval on one thread, publishes the metrics and keeps the status the
 * health check and the operator API read. When every repository of a pass failed (custody down),
 * the next pass waits twice as long, up to the configured maximum, and resets on the first success.
 */
public class RenewalLoop implements SmartLifecycle {
  private static final Logger LOG = LoggerFactory.getLogger(RenewalLoop.class);
  private static final int FAILING_LIMIT = 10_000;

  private final RenewalEngine engine;
  private final TrustStore store;
  private final TimestampProperties properties;
  private final Clock clock;
  private final Counter renewedRepositories;
  private final Counter renewedFiles;
  private final Counter failures;
  private final Counter conflicts;
  private final Counter passFailures;
  private final AtomicReference<RenewalStatus> status = new AtomicReference<>();
  private final AtomicReference<String> statusError = new AtomicReference<>();
  private volatile ScheduledExecutorService executor;
  private volatile Duration pause;

  public RenewalLoop(
      RenewalEngine engine,
      TrustStore store,
      TimestampProperties properties,
      Clock clock,
      MeterRegistry meters) {
    this.engine = engine;
    this.store = store;
    this.properties = properties;
    this.clock = clock;
    this.pause = properties.interval();
    renewedRepositories =
        Counter.builder("trustpipe.renewal.repositories")
            .description("repositories renewed")
            .register(meters);
    renewedFiles =
        Counter.builder("trustpipe.renewal.renewals")
            .description("metadata files re-signed as a new version")
            .register(meters);
    failures =
        Counter.builder("trustpipe.renewal.failures")
            .description("repository renewals that failed (custody, keys); they back off")
            .register(meters);
    conflicts =
        Counter.builder("trustpipe.renewal.conflicts")
            .description("writes that lost against a concurrent writer and were re-read")
            .register(meters);
    passFailures =
        Counter.builder("trustpipe.renewal.pass.errors")
            .description("renewal passes that failed as a whole (database down)")
            .register(meters);
    Gauge.builder("trustpipe.renewal.earliest.expiry.seconds", this, l -> l.secondsUntilEarliest())
        .description("seconds until the earliest expiry of any renewable role (negative: expired)")
        .register(meters);
    Gauge.builder("trustpipe.renewal.backlog", this, l -> l.statusValue(s -> (double) s.backlog()))
        .description("roles inside their renewal window, not yet renewed")
        .register(meters);
    Gauge.builder(
            "trustpipe.renewal.offline.expiring",
            this,
            l -> l.statusValue(s -> (double) s.offlineExpiring()))
        .description("roles needing offline keys (root) that expire within the warning window")
        .tag("role", RenewalStatus.OFFLINE_ROLE)
        .register(meters);
    Gauge.builder(
            "trustpipe.renewal.offline.earliest.expiry.seconds",
            this,
            l ->
                l.statusValue(
                    s ->
                        s.earliestOffline()
                            .map(e -> (double) secondsBetween(s.asOf(), e.expires()))
                            .orElse(Double.NaN)))
        .description("seconds until the earliest root expiry (renewed only by its owner)")
        .register(meters);
    Gauge.builder("trustpipe.renewal.failing", this, l -> l.statusValue(s -> (double) s.failing()))
        .description("repositories whose renewal is failing and backing off")
        .register(meters);
  }

  /** Runs one pass now and refreshes the status (also what the scheduler calls). */
  public RenewalResult runOnce() {
    RenewalResult result = engine.runPass(properties.interval());
    record(result);
    refreshStatus();
    return result;
  }

  /** Counts what a pass or a forced renewal did. */
  public void record(RenewalResult result) {
    renewedRepositories.increment(result.repositoriesRenewed());
    renewedFiles.increment(result.renewed().size());
    failures.increment(result.failed().size());
    conflicts.increment(result.conflicts());
    result
        .failed()
        .forEach(
            f ->
                LOG.warn(
                    "renewal of {} failed ({} in a row), retrying from {}: {}",
                    f.gun(),
                    f.failures(),
                    f.retryAt(),
                    f.error()));
  }

  /** Reads the status from the expiry index; on failure the status reports the error. */
  public RenewalStatus refreshStatus() {
    try {
      RenewalStatus fresh =
          RenewalStatus.read(
              store, engine.settings(), properties.offlineWarnBefore(), FAILING_LIMIT);
      status.set(fresh);
      statusError.set(null);
      return fresh;
    } catch (RuntimeException e) {
      statusError.set(e.getMessage());
      throw e;
    }
  }

  /** The last status read, if any. */
  public RenewalStatus status() {
    return status.get();
  }

  public String statusError() {
    return statusError.get();
  }

  private void scheduled() {
    try {
      RenewalResult result = runOnce();
      boolean allFailed = !result.failed().isEmpty() && result.renewed().isEmpty();
      pause = allFailed ? backedOff(pause) : properties.interval();
    } catch (RuntimeException e) {
      passFailures.increment();
      pause = backedOff(pause);
      LOG.warn("renewal pass failed; next in {}: {}", pause, e.toString());
    } finally {
      ScheduledExecutorService current = executor;
      if (current != null && !current.isShutdown()) {
        current.schedule(this::scheduled, pause.toMillis(), TimeUnit.MILLISECONDS);
      }
    }
  }

  private Duration backedOff(Duration current) {
    Duration doubled = current.multipliedBy(2);
    Duration max =
        properties.backoffMax().compareTo(properties.interval()) > 0
            ? properties.backoffMax()
            : properties.interval();
    return doubled.compareTo(max) > 0 ? max : doubled;
  }

  private double secondsUntilEarliest() {
    return statusValue(
        s ->
            s.earliestOverall()
                .map(ExpiringMetadata::expires)
                .map(e -> (double) secondsBetween(clock.instant(), e))
                .orElse(Double.NaN));
  }

  private double statusValue(java.util.function.ToDoubleFunction<RenewalStatus> value) {
    RenewalStatus current = status.get();
    return current == null ? Double.NaN : value.applyAsDouble(current);
  }

  private static long secondsBetween(Instant from, Instant to) {
    return Duration.between(from, to).getSeconds();
  }

  @Override
  public void start() {
    ScheduledExecutorService started =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "renewal-loop");
              thread.setDaemon(true);
              return thread;
            });
    executor = started;
    started.schedule(this::scheduled, 0, TimeUnit.MILLISECONDS);
  }

  @Override
  public void stop() {
    ScheduledExecutorService current = executor;
    executor = null;
    if (current != null) {
      current.shutdownNow();
      try {
        current.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    engine.close();
  }

  @Override
  public boolean isRunning() {
    return executor != null;
  }
}
