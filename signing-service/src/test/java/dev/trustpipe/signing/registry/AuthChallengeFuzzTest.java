package dev.trustpipe.signing.registry;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code WWW-Authenticate} comes from whatever answers on a registry's address: {@link
 * AuthChallenge#parse} must take any header value without throwing, in linear time, and return only
 * well-formed challenges (a non-empty lowercase token scheme, lowercase parameter names, values no
 * longer than the header).
 *
 * <p>Runs the seeds in {@code AuthChallengeFuzzTestInputs/} in every build; {@code JAZZER_FUZZ=1
 * mvn -pl signing-service test-compile surefire:test@fuzz-regression -Dsigning.fuzz.hooks=true}
 * fuzzes for real.
 */
class AuthChallengeFuzzTest {
  private static final Duration SLOW = Duration.ofSeconds(2);

  @FuzzTest(maxDuration = "60s")
  void anyHeaderValueParsesIntoWellFormedChallenges(byte[] input) {
    // what java.net.http hands over: header bytes as ISO-8859-1 characters
    check(new String(input, StandardCharsets.ISO_8859_1));
    check(new String(input, StandardCharsets.UTF_8));
  }

  private static void check(String header) {
    long start = System.nanoTime();
    List<AuthChallenge> challenges = AuthChallenge.parse(header);
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    if (took.compareTo(SLOW) > 0) {
      throw new IllegalStateException("took " + took + " for " + header.length() + " chars");
    }
    for (AuthChallenge challenge : challenges) {
      String scheme = challenge.scheme();
      if (scheme.isEmpty() || !scheme.equals(scheme.toLowerCase(java.util.Locale.ROOT))) {
        throw new IllegalStateException("bad scheme '" + scheme + "' from " + header);
      }
      if (!header.toLowerCase(java.util.Locale.ROOT).contains(scheme)) {
        throw new IllegalStateException("scheme '" + scheme + "' is not in " + header);
      }
      for (Map.Entry<String, String> param : challenge.params().entrySet()) {
        if (param.getKey().isEmpty()
            || !param.getKey().equals(param.getKey().toLowerCase(java.util.Locale.ROOT))
            || param.getValue().length() > header.length()) {
          throw new IllegalStateException("bad parameter " + param + " from " + header);
        }
        if (challenge.param(param.getKey().toUpperCase(java.util.Locale.ROOT)).isEmpty()) {
          throw new IllegalStateException("parameter " + param.getKey() + " not found by name");
        }
      }
    }
  }
}
