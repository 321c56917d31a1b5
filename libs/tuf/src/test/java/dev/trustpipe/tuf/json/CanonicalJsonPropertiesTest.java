package dev.trustpipe.tuf.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

class CanonicalJsonPropertiesTest {

  @Property(tries = 200)
  void parseOfEncodeIsTheIdentity(@ForAll("documents") JsonNode document) {
    assertThat(CanonicalJson.parse(CanonicalJson.encode(document))).isEqualTo(document);
  }

  @Property(tries = 200)
  void encodingIsIdempotent(@ForAll("documents") JsonNode document) {
    byte[] once = CanonicalJson.encode(document);
    assertThat(CanonicalJson.encode(CanonicalJson.parse(once))).isEqualTo(once);
  }

  @Property(tries = 200)
  void memberOrderDoesNotMatter(@ForAll("documents") JsonNode document, @ForAll long seed) {
    assertThat(CanonicalJson.encode(shuffled(document, new Random(seed))))
        .isEqualTo(CanonicalJson.encode(document));
  }

  @Property(tries = 300)
  void anyStringRoundTrips(@ForAll("unicode") String value) {
    ObjectNode object = JsonNodeFactory.instance.objectNode();
    object.put(value, value);
    JsonNode back = CanonicalJson.parse(CanonicalJson.encode(object));
    assertThat(back.get(value).textValue()).isEqualTo(value);
  }

  @Property(tries = 200)
  void encodedKeysAreInUtf8ByteOrder(@ForAll("objects") ObjectNode object) {
    List<String> keys = new ArrayList<>();
    CanonicalJson.parse(CanonicalJson.encode(object)).fieldNames().forEachRemaining(keys::add);
    // Jackson keeps document order, so the parsed keys are in encoded order
    for (int i = 1; i < keys.size(); i++) {
      assertThat(CanonicalJson.compareKeys(keys.get(i - 1), keys.get(i))).isNegative();
    }
  }

  @Provide
  Arbitrary<JsonNode> documents() {
    return node(3);
  }

  @Provide
  Arbitrary<ObjectNode> objects() {
    return Arbitraries.maps(unicode(), node(1))
        .ofMaxSize(8)
        .map(CanonicalJsonPropertiesTest::object);
  }

  /** Code points of every plane, control characters, quotes and backslashes included. */
  @Provide
  Arbitrary<String> unicode() {
    Arbitrary<Integer> codePoint =
        Arbitraries.frequencyOf(
            Tuple.of(4, Arbitraries.integers().between(0, 0x7f)),
            Tuple.of(1, Arbitraries.of((int) '"', (int) '\\', 0, 0x1f, 0x7f)),
            Tuple.of(
                2,
                Arbitraries.integers()
                    .between(0x80, 0xFFFF)
                    .filter(cp -> cp < 0xD800 || cp > 0xDFFF)),
            Tuple.of(1, Arbitraries.integers().between(0x10000, 0x10FFFF)));
    return codePoint
        .list()
        .ofMaxSize(12)
        .map(
            cps -> {
              StringBuilder builder = new StringBuilder();
              cps.forEach(builder::appendCodePoint);
              return builder.toString();
            });
  }

  private Arbitrary<JsonNode> node(int depth) {
    Arbitrary<JsonNode> leaf =
        Arbitraries.oneOf(
            unicode().map(TextNode::valueOf),
            Arbitraries.bigIntegers()
                .between(BigInteger.TWO.pow(100).negate(), BigInteger.TWO.pow(100))
                .map(CanonicalJson::integer),
            Arbitraries.integers().map(i -> CanonicalJson.integer(BigInteger.valueOf(i))),
            Arbitraries.of(BooleanNode.TRUE, BooleanNode.FALSE, NullNode.instance));
    if (depth == 0) {
      return leaf;
    }
    Arbitrary<JsonNode> child = node(depth - 1);
    Arbitrary<JsonNode> arrays =
        child.list().ofMaxSize(4).map(list -> JsonNodeFactory.instance.arrayNode().addAll(list));
    Arbitrary<JsonNode> objects =
        Arbitraries.maps(unicode(), child).ofMaxSize(4).map(CanonicalJsonPropertiesTest::object);
    return Arbitraries.frequencyOf(Tuple.of(3, leaf), Tuple.of(1, arrays), Tuple.of(2, objects));
  }

  private static ObjectNode object(Map<String, JsonNode> members) {
    ObjectNode object = JsonNodeFactory.instance.objectNode();
    members.forEach(object::set);
    return object;
  }

  private static JsonNode shuffled(JsonNode node, Random random) {
    if (node.isObject()) {
      List<Map.Entry<String, JsonNode>> members = new ArrayList<>(node.properties());
      Collections.shuffle(members, random);
      ObjectNode copy = JsonNodeFactory.instance.objectNode();
      members.forEach(e -> copy.set(e.getKey(), shuffled(e.getValue(), random)));
      return copy;
    }
    if (node.isArray()) {
      ArrayNode copy = JsonNodeFactory.instance.arrayNode();
      node.forEach(element -> copy.add(shuffled(element, random)));
      return copy;
    }
    return node;
  }
}
