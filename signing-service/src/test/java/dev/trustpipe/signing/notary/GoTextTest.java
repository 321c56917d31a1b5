package dev.trustpipe.signing.notary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class GoTextTest {

  @Test
  void lastModifiedUsesGoRfc1123WithTheLiteralZoneUtc() {
    assertThat(GoText.rfc1123(Instant.parse("2026-11-22T18:03:51.746124993Z")))
        .isEqualTo("Sun, 22 Nov 2026 18:03:51 UTC");
    assertThat(GoText.rfc1123(Instant.parse("2026-02-03T04:05:06Z")))
        .isEqualTo("Tue, 03 Feb 2026 04:05:06 UTC");
    // the one-entry cache must not hand out the previous second
    assertThat(GoText.rfc1123(Instant.parse("2026-02-03T04:05:07Z")))
        .isEqualTo("Tue, 03 Feb 2026 04:05:07 UTC");
  }

  @Test
  void rfc3339NanoTrimsTrailingZerosLikeGo() {
    assertThat(GoText.rfc3339Nano(Instant.parse("2026-11-22T18:03:51.393878595Z")))
        .isEqualTo("2026-11-22T18:03:51.393878595Z");
    assertThat(GoText.rfc3339Nano(Instant.parse("2026-11-22T18:03:50.582487750Z")))
        .isEqualTo("2026-11-22T18:03:50.58248775Z");
    assertThat(GoText.rfc3339Nano(Instant.parse("2026-11-22T18:03:50.100Z")))
        .isEqualTo("2026-11-22T18:03:50.1Z");
    assertThat(GoText.rfc3339Nano(Instant.parse("2026-11-22T18:03:50Z")))
        .isEqualTo("2026-11-22T18:03:50Z");
  }

  @Test
  void quoteIsStrconvQuote() {
    assertThat(GoText.quote("")).isEqualTo("\"\"");
    assertThat(GoText.quote("abc")).isEqualTo("\"abc\"");
    assertThat(GoText.quote("a\"b\\c")).isEqualTo("\"a\\\"b\\\\c\"");
    assertThat(GoText.quote("\n\t\u0007\u0001\u007f")).isEqualTo("\"\\n\\t\\a\\x01\\x7f\"");
    assertThat(GoText.quote("é😀")).isEqualTo("\"é😀\"");
    assertThat(GoText.quote("\u00a0\u200b")).isEqualTo("\"\\u00a0\\u200b\"");
  }

  @Test
  void jsonStringsAreEscapedLikeEncodingJson() {
    assertThat(GoText.appendJsonString(new StringBuilder(), "a<b>&\"\\\n\u0001\u2028é").toString())
        .isEqualTo("\"a\\u003cb\\u003e\\u0026\\\"\\\\\\n\\u0001\\u2028é\"");
  }

  @Test
  void errorBodiesAreByteExact() {
    assertThat(new String(NotaryErrors.METADATA_NOT_FOUND_BODY, StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"errors\":[{\"code\":\"METADATA_NOT_FOUND\",\"message\":\"You have requested"
                + " metadata that does not exist.\",\"detail\":{}}]}\n");
    assertThat(NotaryErrors.METADATA_NOT_FOUND_BODY).hasSize(116);
    assertThat(NotaryErrors.CATCH_ALL_BODY).hasSize(104);
  }

  @Test
  void recordsParameterErrorsAreStrconvErrors() {
    assertThatThrownBy(() -> GoParameters.parseInt32(""))
        .hasMessage("strconv.ParseInt: parsing \"\": invalid syntax");
    assertThatThrownBy(() -> GoParameters.parseInt32("abc"))
        .hasMessage("strconv.ParseInt: parsing \"abc\": invalid syntax");
    assertThatThrownBy(() -> GoParameters.parseInt32("-"))
        .hasMessage("strconv.ParseInt: parsing \"-\": invalid syntax");
    assertThatThrownBy(() -> GoParameters.parseInt32("2147483648"))
        .hasMessage("strconv.ParseInt: parsing \"2147483648\": value out of range");
    assertThatThrownBy(() -> GoParameters.parseInt32("99999999999x"))
        .hasMessage("strconv.ParseInt: parsing \"99999999999x\": value out of range");
    assertThatThrownBy(() -> GoParameters.parseInt32("1_000"))
        .hasMessage("strconv.ParseInt: parsing \"1_000\": invalid syntax");
  }

  @Test
  void int32RangeAndSigns() throws Exception {
    for (var c :
        List.of(
            List.of("0", 0),
            List.of("+5", 5),
            List.of("-2", -2),
            List.of("007", 7),
            List.of("2147483647", Integer.MAX_VALUE),
            List.of("-2147483648", Integer.MIN_VALUE))) {
      assertThat(GoParameters.parseInt32((String) c.get(0))).isEqualTo(c.get(1));
    }
    assertThatThrownBy(() -> GoParameters.parseInt32("-2147483649"))
        .hasMessageEndingWith("value out of range");
  }

  @Test
  void queryValuesFollowUrlParseQuery() {
    assertThat(GoParameters.firstQueryValue("change_id=0&records=100", "records")).isEqualTo("100");
    assertThat(GoParameters.firstQueryValue("records=1&records=2", "records")).isEqualTo("1");
    assertThat(GoParameters.firstQueryValue("records", "records")).isEqualTo("");
    assertThat(GoParameters.firstQueryValue(null, "records")).isEqualTo("");
    assertThat(GoParameters.firstQueryValue("records=a+b%21", "records")).isEqualTo("a b!");
    // pairs with ';' or a bad escape are dropped, later ones still count
    assertThat(GoParameters.firstQueryValue("records=1;x=2&records=3", "records")).isEqualTo("3");
    assertThat(GoParameters.firstQueryValue("records=%zz&records=4", "records")).isEqualTo("4");
    assertThat(GoParameters.firstQueryValue("&&records=5&", "records")).isEqualTo("5");
  }
}
