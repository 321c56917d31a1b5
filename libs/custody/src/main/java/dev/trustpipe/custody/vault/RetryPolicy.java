package dev.trustpipe.custody.vault;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Retries of one Vault request: at most {@code maxAttempts} attempts in all, waiting an
 * exponentially growing, jittered delay between them ({@code initialBackoff}, doubling, capped at
 * {@code maxBackoff}). Only outages are retried: connection failures, timeouts, 429, 502, 503, 504.
 * A 500 is not, because Vault answers some client mistakes with 500 (VAULT-TRANSIT.md).
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

  public static final RetryPolicy DEFAULT =
      new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(2));

  public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, Duration.ZERO);

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be >= 1, was " + maxAttempts);
    }
    Objects.requireNonNull(initialBackoff, "initialBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException("need 0 <= initialBackoff <= maxBackoff");
    }
  }

  /** The wait before attempt {@code attempt + 1} (attempt counts from 1): full jitter. */
  Duration backoffAfter(int attempt) {
    long base = initialBackoff.toMillis();
    long ceiling = maxBackoff.toMillis();
    long exponential = attempt >= 31 ? ceiling : Math.min(ceiling, base << (attempt - 1));
    if (exponential <= 0) {
      return Duration.ZERO;
    }
    return Duration.ofMillis(
        exponential / 2 + ThreadLocalRandom.current().nextLong(exponential / 2 + 1));
  }

  static boolean isRetryableStatus(int status) {
    return status == 429 || status == 502 || status == 503 || status == 504;
  }
}
