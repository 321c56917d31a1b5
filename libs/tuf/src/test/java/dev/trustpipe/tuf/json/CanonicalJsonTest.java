package dev.trustpipe.tuf.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CanonicalJsonTest {

  private static JsonNode parse(String json) {
    return CanonicalJson.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  private static String canonical(String json) {
    return CanonicalJson.encodeToString(parse(json));
  }

  @Test
  void sortsKeysAndDropsWhitespace() {
    assertThat(canonical(" { \"b\" : [ 3 , 1 , 2 ] ,\n \"a\" : { \"z\" : null , \"y\" : true } } "))
        .isEqualTo("{\"a\":{\"y\":true,\"z\":null},\"b\":[3,1,2]}");
  }

  @Test
  void sortsKeysByUtf8BytesNotUtf16Units() {
    // U+FFFD is EF BF BD in UTF-8 and sorts before U+1F600 (F0 9F 98 80); in UTF-16 it is after.
    ObjectNode object = JsonNodeFactory.instance.objectNode();
    object.put("\uD83D\uDE00", 1);
    object.put("\uFFFD", 2);
    object.put("a", 3);
    assertThat(CanonicalJson.encodeToString(object))
        .isEqualTo("{\"a\":3,\"\uFFFD\":2,\"\uD83D\uDE00\":1}");
    assertThat("\uD83D\uDE00".compareTo("\uFFFD")).isNegative();
    assertThat(CanonicalJson.compareKeys("\uD83D\uDE00", "\uFFFD")).isPositive();
  }

  @Test
  void escapesOnlyQuoteAndBackslashAndWritesEverythingElseRaw() {
    String value = "q\"b\\n\nt\tc\u0001d\u007f é€\uD83D\uDE00</>&";
    byte[] encoded = CanonicalJson.encode(TextNode.valueOf(value));
    assertThat(new String(encoded, StandardCharsets.UTF_8))
        .isEqualTo("\"q\\\"b\\\\n\nt\tc\u0001d\u007f é€\uD83D\uDE00</>&\"");
    // and it parses back although raw control characters are not standard JSON
    assertThat(CanonicalJson.parse(encoded).textValue()).isEqualTo(value);
  }

  @Test
  void readsEscapesOfAnyKind() {
    assertThat(parse("\"\\u00e9\\n\\/\\ud83d\\ude00\"").textValue()).isEqualTo("é\n/\uD83D\uDE00");
    assertThat(canonical("\"\\u00e9\\n\"")).isEqualTo("\"é\n\"");
  }

  @Test
  void keepsBigIntegersExact() {
    String big = "123456789012345678901234567890";
    assertThat(canonical("[" + big + ",-" + big + ",9007199254740993,0,-0]"))
        .isEqualTo("[" + big + ",-" + big + ",9007199254740993,0,0]");
    assertThat(parse(big).bigIntegerValue()).isEqualTo(new BigInteger(big));
    assertThat(parse("7")).isEqualTo(CanonicalJson.integer(BigInteger.valueOf(7)));
    assertThat(parse("9007199254740993")).isEqualTo(LongNode.valueOf(9007199254740993L));
  }

  @ParameterizedTest
  @ValueSource(strings = {"1.5", "1.0", "1e3", "-0.0", "[1,2.5]", "{\"a\":1E2}"})
  void parseRejectsNonIntegerNumbers(String json) {
    assertThatThrownBy(() -> parse(json))
        .isInstanceOf(CanonicalJsonException.class)
        .hasMessageContaining("number");
  }

  @Test
  void encodeWritesIntegralFloatsAsIntegersAndRejectsOthers() {
    assertThat(CanonicalJson.encodeToString(DoubleNode.valueOf(2.0))).isEqualTo("2");
    assertThat(CanonicalJson.encodeToString(DecimalNode.valueOf(new BigDecimal("1.000E+3"))))
        .isEqualTo("1000");
    assertThatThrownBy(() -> CanonicalJson.encode(DoubleNode.valueOf(2.5)))
        .isInstanceOf(CanonicalJsonException.class);
    assertThatThrownBy(() -> CanonicalJson.encode(DoubleNode.valueOf(Double.NaN)))
        .isInstanceOf(CanonicalJsonException.class);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "   ",
        "{",
        "{\"a\":1,\"a\":2}",
        "{\"a\":1} x",
        "[1,]",
        "{'a':1}",
        "NaN",
        "01",
        "\"\\ud800\"",
        "{\"\\udc00\":1}",
        "\"\\x\""
      })
  void parseRejectsMalformedJson(String json) {
    assertThatThrownBy(() -> parse(json)).isInstanceOf(CanonicalJsonException.class);
  }

  @Test
  void parseRejectsInvalidUtf8() {
    byte[] invalid = {'"', (byte) 0xC3, '"'};
    assertThatThrownBy(() -> CanonicalJson.parse(invalid))
        .isInstanceOf(CanonicalJsonException.class);
    byte[] encodedSurrogate = {'"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"'};
    assertThatThrownBy(() -> CanonicalJson.parse(encodedSurrogate))
        .isInstanceOf(CanonicalJsonException.class);
  }

  @Test
  void parseLimitsNesting() {
    String deep =
        "[".repeat(CanonicalJson.MAX_NESTING_DEPTH + 1)
            + "]".repeat(CanonicalJson.MAX_NESTING_DEPTH + 1);
    assertThatThrownBy(() -> parse(deep)).isInstanceOf(CanonicalJsonException.class);
    String allowed =
        "[".repeat(CanonicalJson.MAX_NESTING_DEPTH) + "]".repeat(CanonicalJson.MAX_NESTING_DEPTH);
    assertThat(canonical(allowed)).isEqualTo(allowed);
  }

  @Test
  void encodeRejectsUnpairedSurrogates() {
    assertThatThrownBy(() -> CanonicalJson.encode(TextNode.valueOf("a\uD800b")))
        .isInstanceOf(CanonicalJsonException.class);
    ObjectNode object = JsonNodeFactory.instance.objectNode();
    object.put("\uDC00", 1);
    assertThatThrownBy(() -> CanonicalJson.encode(object))
        .isInstanceOf(CanonicalJsonException.class);
  }

  @Test
  void encodesTheReadmeKeyIdExampleToTheHashedBytes() {
    ObjectNode keyVal = JsonNodeFactory.instance.objectNode();
    keyVal.put(
        "public",
        "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEoeG0LX6ljV23r80LUCU0zOdaDzqyyVsxkgtouFO20QoZavpyAr6XnNRo0ofuWHuXZmfPRsOsi5UmdMIeRi4C0Q==");
    keyVal.putNull("private");
    ObjectNode key = JsonNodeFactory.instance.objectNode();
    key.set("keyval", keyVal);
    key.put("keytype", "ecdsa");
    assertThat(CanonicalJson.encodeToString(key))
        .isEqualTo(
            "{\"keytype\":\"ecdsa\",\"keyval\":{\"private\":null,\"public\":\"MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEoeG0LX6ljV23r80LUCU0zOdaDzqyyVsxkgtouFO20QoZavpyAr6XnNRo0ofuWHuXZmfPRsOsi5UmdMIeRi4C0Q==\"}}");
  }

  @Test
  void encodesEmptyContainersAndScalars() {
    assertThat(canonical("{\"keys\":{},\"roles\":[]}")).isEqualTo("{\"keys\":{},\"roles\":[]}");
    assertThat(canonical("true")).isEqualTo("true");
    assertThat(canonical("null")).isEqualTo("null");
    assertThat(canonical("\"\"")).isEqualTo("\"\"");
  }
}
