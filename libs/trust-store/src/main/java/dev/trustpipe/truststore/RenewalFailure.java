package dev.trustpipe.truststore;

import java.time.Instant;
import java.util.Objects;

/**
 * A repository whose renewal failed {@code failures} times in a row; the next attempt is not before
 * {@code retryAt}. {@code lastError} is the failure's message (never key material: custody
 * exceptions do not carry any).
 */
public record RenewalFailure(String gun, int failures, Instant retryAt, String lastError) {
  public RenewalFailure {
    Objects.requireNonNull(gun, "gun");
    Objects.requireNonNull(retryAt, "retryAt");
  }
}
