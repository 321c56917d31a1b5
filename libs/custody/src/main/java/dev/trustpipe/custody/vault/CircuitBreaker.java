package dev.trustpipe.custody.vault;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Stops calling Vault for {@code openDuration} after {@code failureThreshold} consecutive outage
 * failures (each already retried), so callers fail fast instead of piling up behind timeouts. After
 * that time one trial request is let through (half-open): success closes the breaker, failure opens
 * it again. Client errors (4xx) are answers, not outages, and do not count.
 */
public final class CircuitBreaker {

  /** The breaker's state, for metrics and tests. */
  public enum State {
    CLOSED,
    OPEN,
    HALF_OPEN
  }

  private final int failureThreshold;
  private final Duration openDuration;
  private final Clock clock;
  private int consecutiveFailures;
  private Instant openedAt;
  private boolean trialInFlight;

  public CircuitBreaker(int failureThreshold, Duration openDuration, Clock clock) {
    if (failureThreshold < 1) {
      throw new IllegalArgumentException("failureThreshold must be >= 1");
    }
    this.failureThreshold = failureThreshold;
    this.openDuration = Objects.requireNonNull(openDuration, "openDuration");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Whether a request may go out now; a half-open breaker admits exactly one. */
  public synchronized boolean tryAcquire() {
    if (openedAt == null) {
      return true;
    }
    if (clock.instant().isBefore(openedAt.plus(openDuration)) || trialInFlight) {
      return false;
    }
    trialInFlight = true;
    return true;
  }

  public synchronized void recordSuccess() {
    consecutiveFailures = 0;
    openedAt = null;
    trialInFlight = false;
  }

  public synchronized void recordFailure() {
    consecutiveFailures++;
    if (trialInFlight || consecutiveFailures >= failureThreshold) {
      openedAt = clock.instant();
    }
    trialInFlight = false;
  }

  /** A request that got an answer that is not an outage (e.g. a 4xx): the server is up. */
  public synchronized void recordAnswer() {
    recordSuccess();
  }

  public synchronized State state() {
    if (openedAt == null) {
      return State.CLOSED;
    }
    return clock.instant().isBefore(openedAt.plus(openDuration)) ? State.OPEN : State.HALF_OPEN;
  }

  /** When an open breaker lets the next trial through. */
  public synchronized Instant retryAt() {
    return openedAt == null ? clock.instant() : openedAt.plus(openDuration);
  }
}
