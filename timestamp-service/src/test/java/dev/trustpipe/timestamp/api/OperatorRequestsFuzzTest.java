package dev.trustpipe.timestamp.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.time.Duration;

/**
 * The operator API's parsers of outside input: any query value or path either parses to a value
 * inside the documented bounds or is refused with {@link IllegalArgumentException} (400).
 */
class OperatorRequestsFuzzTest {

  @FuzzTest(maxDuration = "30s")
  void anyInputParsesWithinBoundsOrIsABadRequest(FuzzedDataProvider data) {
    String within = data.consumeString(80);
    String limit = data.consumeString(20);
    String gun = data.consumeRemainingAsString();
    try {
      Duration parsed = OperatorRequests.within(within);
      assertThat(parsed).isBetween(Duration.ZERO, OperatorRequests.MAX_WITHIN);
    } catch (IllegalArgumentException expected) {
      // 400
    }
    try {
      assertThat(OperatorRequests.limit(limit)).isBetween(1, OperatorRequests.MAX_LIMIT);
    } catch (IllegalArgumentException expected) {
      // 400
    }
    try {
      String parsed = OperatorRequests.gun(gun);
      assertThat(parsed).isNotEmpty().hasSizeLessThanOrEqualTo(OperatorRequests.MAX_GUN_LENGTH);
      assertThat(parsed.chars()).allMatch(c -> c > 0x20 && c <= 0x7e);
    } catch (IllegalArgumentException expected) {
      // 400
    }
  }
}
