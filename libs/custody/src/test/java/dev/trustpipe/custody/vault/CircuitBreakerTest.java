package dev.trustpipe.custody.vault;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {

  private final AtomicReference<Instant> now =
      new AtomicReference<>(Instant.parse("2026-11-23T12:00:00Z"));
  private final Clock clock =
      new Clock() {
        @Override
        public Instant instant() {
          return now.get();
        }

        @Override
        public ZoneId getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
          return this;
        }
      };
  private final CircuitBreaker breaker = new CircuitBreaker(3, Duration.ofSeconds(10), clock);

  @Test
  void opensAfterConsecutiveFailuresOnly() {
    breaker.recordFailure();
    breaker.recordFailure();
    breaker.recordAnswer();
    breaker.recordFailure();
    breaker.recordFailure();
    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);

    breaker.recordFailure();

    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
    assertThat(breaker.tryAcquire()).isFalse();
  }

  @Test
  void halfOpenAdmitsOneTrialAndAFailedTrialReopens() {
    for (int i = 0; i < 3; i++) {
      breaker.recordFailure();
    }
    now.set(now.get().plusSeconds(10));

    assertThat(breaker.tryAcquire()).isTrue();
    assertThat(breaker.tryAcquire()).isFalse();
    breaker.recordFailure();
    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);

    now.set(now.get().plusSeconds(10));
    assertThat(breaker.tryAcquire()).isTrue();
    breaker.recordSuccess();
    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    assertThat(breaker.tryAcquire()).isTrue();
  }

  @Test
  void backoffGrowsAndIsCapped() {
    RetryPolicy policy = new RetryPolicy(10, Duration.ofMillis(100), Duration.ofMillis(800));

    assertThat(policy.backoffAfter(1)).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
    assertThat(policy.backoffAfter(3)).isBetween(Duration.ofMillis(200), Duration.ofMillis(400));
    assertThat(policy.backoffAfter(9)).isBetween(Duration.ofMillis(400), Duration.ofMillis(800));
    assertThat(policy.backoffAfter(40)).isBetween(Duration.ofMillis(400), Duration.ofMillis(800));
    assertThat(RetryPolicy.isRetryableStatus(503)).isTrue();
    assertThat(RetryPolicy.isRetryableStatus(500)).isFalse();
  }
}
