package dev.trustpipe.signing.operator;

import dev.trustpipe.custody.CustodyException;
import dev.trustpipe.signing.keys.KeyRotation;
import dev.trustpipe.truststore.KeyRecord;
import dev.trustpipe.truststore.TrustStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduled rotation policy for online keys: every pass rotates the keys of {@code roles}
 * (default {@code timestamp}, {@code snapshot}) that have been in use longer than {@code maxAge},
 * oldest first, at most {@code batch} per role. Each rotation re-checks the key's age under the
 * repository lock, so replicas that run passes at the same time rotate a key once.
 */
public final class ScheduledKeyRotation {
  public static final String ACTOR = "trustpipe/scheduled-rotation";
  private static final Logger log = LoggerFactory.getLogger(ScheduledKeyRotation.class);

  private final TrustStore store;
  private final KeyRotation rotation;
  private final List<String> roles;
  private final Duration maxAge;
  private final int batch;
  private final Clock clock;
  private final MeterRegistry meters;

  public ScheduledKeyRotation(
      TrustStore store,
      KeyRotation rotation,
      List<String> roles,
      Duration maxAge,
      int batch,
      Clock clock,
      MeterRegistry meters) {
    this.store = store;
    this.rotation = rotation;
    this.roles = List.copyOf(roles);
    this.maxAge = Objects.requireNonNull(maxAge, "maxAge");
    if (maxAge.isNegative() || maxAge.isZero()) {
      throw new IllegalArgumentException("the key rotation max age must be positive");
    }
    this.batch = batch;
    this.clock = clock;
    this.meters = meters;
  }

  /**
   * One pass.
   *
   * @return how many keys it rotated
   */
  public int runOnce() {
    Instant threshold = clock.instant().minus(maxAge);
    int rotated = 0;
    for (String role : roles) {
      for (KeyRecord key : store.currentKeysSavedBefore(role, threshold, batch)) {
        try {
          var done = rotation.rotateIfSavedBefore(key.gun(), role, ACTOR, threshold);
          if (done.isPresent()) {
            rotated++;
            meters
                .counter("trustpipe_key_rotations", "role", role, "trigger", "schedule")
                .increment();
            log.info(
                "scheduled rotation of the {} key of {}: {} -> {}",
                role,
                key.gun(),
                done.get().oldKeyId(),
                done.get().newKeyId());
          }
        } catch (CustodyException | RuntimeException e) {
          meters.counter("trustpipe_key_rotation_failures", "role", role).increment();
          log.warn(
              "scheduled rotation of the {} key of {} failed, next pass retries: {}",
              role,
              key.gun(),
              e.toString());
        }
      }
    }
    return rotated;
  }
}
