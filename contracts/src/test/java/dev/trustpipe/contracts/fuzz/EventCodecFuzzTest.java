package dev.trustpipe.contracts.fuzz;

import com.code_intelligence.jazzer.api.JazzerApiException;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.trustpipe.contracts.CloudEvent;
import dev.trustpipe.contracts.DecodedEvent;
import dev.trustpipe.contracts.EventCodec;
import dev.trustpipe.contracts.EventRejected;
import dev.trustpipe.contracts.InvalidEventException;
import java.time.Duration;
import java.time.Instant;

/**
 * {@link EventCodec#decode} reads Kafka record values anyone can produce: it must either return an
 * event whose re-encoding decodes back equal, or throw {@link InvalidEventException} with a reason
 * the dead-letter event can carry; any other exception, or one input taking seconds, is a finding.
 * Runs the seeds in {@code EventCodecFuzzTestInputs/} in every build (regression mode); {@code
 * JAZZER_FUZZ=1 mvn -pl contracts test-compile surefire:test@fuzz-regression
 * -Dcontracts.fuzz.hooks=true} fuzzes for real.
 */
class EventCodecFuzzTest {
  private static final EventCodec CODEC = new EventCodec();

  /**
   * Milliseconds are normal; catastrophic regex backtracking is what this catches. Not JUnit's
   * {@code @Timeout}: with JAZZER_FUZZ JUnit applies it to the whole fuzzing run (jazzer#930).
   */
  private static final Duration SLOW = Duration.ofSeconds(10);

  @FuzzTest(maxDuration = "60s")
  void decodeReturnsARoundTrippingEventOrThrowsInvalidEventException(byte[] data) {
    long start = System.nanoTime();
    check(data);
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    if (took.compareTo(SLOW) > 0) {
      throw new IllegalStateException("took " + took + " for " + data.length + " bytes");
    }
  }

  private static void check(byte[] data) {
    DecodedEvent decoded;
    try {
      decoded = CODEC.decode(data);
    } catch (InvalidEventException rejected) {
      if (rejected.reason() == null || rejected.reason().isBlank()) {
        throw new IllegalStateException("rejection without a reason", rejected);
      }
      deadLetterRoundTrips(rejected, data);
      return;
    } catch (JazzerApiException hookFailure) {
      // Only when fuzzing with hooks: Jazzer's regex hook runs inside the JDK engine's recursion
      // and wraps the StackOverflowError that EcmaAnchoredRegularExpressions turns into "no
      // match"; the regression run (no hooks) checks that path with the stack-overflow-repository
      // seed.
      if (hookFailure.getCause() instanceof StackOverflowError) {
        return;
      }
      throw hookFailure;
    }
    byte[] encoded;
    try {
      encoded = CODEC.encode(decoded.event());
    } catch (InvalidEventException e) {
      throw new IllegalStateException("decoded an event that does not encode: " + decoded, e);
    }
    DecodedEvent again;
    try {
      again = CODEC.decode(encoded);
    } catch (InvalidEventException e) {
      throw new IllegalStateException("re-encoded event is rejected: " + decoded, e);
    }
    if (!again.equals(decoded)) {
      throw new IllegalStateException("re-encoding changed the event: " + decoded + " / " + again);
    }
  }

  /** What the signing-service does with a rejection must never fail: it would block the topic. */
  private static void deadLetterRoundTrips(InvalidEventException rejected, byte[] data) {
    CloudEvent<EventRejected> deadLetter =
        CloudEvent.of(
            "dead-letter-1",
            "/trustpipe/signing-service",
            Instant.EPOCH,
            EventRejected.decodeFailure(rejected, data));
    DecodedEvent decoded = CODEC.decode(CODEC.encode(deadLetter));
    if (!decoded.event().equals(deadLetter)) {
      throw new IllegalStateException("dead-letter event changed: " + deadLetter);
    }
  }
}
