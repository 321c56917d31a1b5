package dev.trustpipe.tuf.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Notary's canonical JSON (docker/go {@code canonical/json}, OLPC style), byte for byte.
 *
 * <ul>
 *   <li>object members sorted by key, comparing the keys' UTF-8 bytes (what Go's string order is);
 *   <li>no insignificant whitespace; arrays keep their order;
 *   <li>strings: only {@code "} and {@code \} are escaped; every other character, control
 *       characters and non-ASCII included, is written as raw UTF-8;
 *   <li>numbers: integers only, of any size.
 * </ul>
 *
 * <p>{@link #parse} accepts any JSON text (escapes, whitespace, raw control characters inside
 * strings as canonical output contains them) whose numbers are all integers, keeps big integers
 * exact and rejects duplicate object keys, so what it returns has exactly one canonical encoding.
 */
public final class CanonicalJson {

  /** Deepest nesting {@link #parse} accepts; TUF documents are about 6 levels deep. */
  public static final int MAX_NESTING_DEPTH = 100;

  private static final ObjectMapper READER =
      JsonMapper.builder(
              JsonFactory.builder()
                  .enable(JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS)
                  .streamReadConstraints(
                      StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
                  .build())
          .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
          .build();

  private CanonicalJson() {}

  /** Encodes {@code value} canonically as UTF-8 bytes. */
  public static byte[] encode(JsonNode value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    write(value, out);
    return out.toByteArray();
  }

  /** {@link #encode} as a Java string (convenient for tests and logs of public data). */
  public static String encodeToString(JsonNode value) {
    return new String(encode(value), StandardCharsets.UTF_8);
  }

  /**
   * Parses one JSON value. Integers come back as {@link IntNode}, {@link LongNode} or {@link
   * BigIntegerNode}, whichever is the smallest that holds the value exactly.
   *
   * @throws CanonicalJsonException if {@code json} is not one well-formed JSON value of valid
   *     UTF-8, contains a number that is not an integer, a duplicate key, or nests deeper than
   *     {@link #MAX_NESTING_DEPTH}
   */
  public static JsonNode parse(byte[] json) {
    JsonNode tree;
    try {
      // Decode first: strict UTF-8 (no overlong forms, no encoded surrogates), and no encoding
      // sniffing, which would take a string starting with a raw NUL for UTF-16.
      tree = READER.readTree(decodeUtf8(json));
    } catch (JsonProcessingException e) {
      throw new CanonicalJsonException("invalid JSON: " + e.getOriginalMessage(), e);
    } catch (RuntimeException e) {
      // Jackson reports some malformed input unchecked; it is still malformed input.
      throw new CanonicalJsonException("invalid JSON: " + e.getMessage(), e);
    }
    if (tree == null || tree.isMissingNode()) {
      throw new CanonicalJsonException("invalid JSON: no value");
    }
    return normalize(tree);
  }

  private static String decodeUtf8(byte[] json) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(json))
          .toString();
    } catch (CharacterCodingException e) {
      throw new CanonicalJsonException("invalid JSON: not valid UTF-8");
    }
  }

  /** The node for an integer, in the representation {@link #parse} uses. */
  public static JsonNode integer(BigInteger value) {
    if (value.bitLength() < Integer.SIZE) {
      return IntNode.valueOf(value.intValue());
    }
    if (value.bitLength() < Long.SIZE) {
      return LongNode.valueOf(value.longValue());
    }
    return BigIntegerNode.valueOf(value);
  }

  /** Byte-wise comparison of the UTF-8 encodings, the order of canonical object keys. */
  public static int compareKeys(String a, String b) {
    return Arrays.compareUnsigned(utf8(a), utf8(b));
  }

  // ---------------------------------------------------------------- parsing helpers

  // USE_BIG_INTEGER_FOR_INTS makes every integer exact; shrink them so that equal documents give
  // equal trees whatever the size of their numbers. Floats and strings without a UTF-8 encoding
  // (escaped lone surrogates) are rejected here, so every parsed tree can be encoded.
  private static JsonNode normalize(JsonNode node) {
    switch (node.getNodeType()) {
      case STRING:
        utf8(node.textValue());
        return node;
      case NUMBER:
        if (!node.isIntegralNumber()) {
          throw new CanonicalJsonException(
              "non-integer number not allowed in canonical JSON: " + node.asText());
        }
        return integer(node.bigIntegerValue());
      case OBJECT:
        {
          var object = JsonNodeFactory.instance.objectNode();
          for (Map.Entry<String, JsonNode> field : node.properties()) {
            utf8(field.getKey());
            object.set(field.getKey(), normalize(field.getValue()));
          }
          return object;
        }
      case ARRAY:
        {
          var array = JsonNodeFactory.instance.arrayNode(node.size());
          for (JsonNode element : node) {
            array.add(normalize(element));
          }
          return array;
        }
      default:
        return node;
    }
  }

  // ---------------------------------------------------------------- encoding

  private static void write(JsonNode node, ByteArrayOutputStream out) {
    if (node == null) {
      throw new CanonicalJsonException("cannot encode a Java null; use NullNode");
    }
    switch (node.getNodeType()) {
      case NULL:
        writeAscii("null", out);
        break;
      case BOOLEAN:
        writeAscii(node.booleanValue() ? "true" : "false", out);
        break;
      case NUMBER:
        writeAscii(integerText(node), out);
        break;
      case STRING:
        writeString(node.textValue(), out);
        break;
      case BINARY:
        // Go encodes []byte as a base64 string; mirror it rather than fail.
        try {
          writeString(Base64.getEncoder().encodeToString(node.binaryValue()), out);
        } catch (IOException e) {
          throw new CanonicalJsonException("unreadable binary node", e);
        }
        break;
      case ARRAY:
        {
          out.write('[');
          boolean first = true;
          for (JsonNode element : node) {
            if (!first) {
              out.write(',');
            }
            first = false;
            write(element, out);
          }
          out.write(']');
          break;
        }
      case OBJECT:
        writeObject(node, out);
        break;
      default:
        throw new CanonicalJsonException("cannot encode JSON node of type " + node.getNodeType());
    }
  }

  private static void writeObject(JsonNode node, ByteArrayOutputStream out) {
    List<byte[]> keys = new ArrayList<>(node.size());
    List<JsonNode> values = new ArrayList<>(node.size());
    List<Integer> order = new ArrayList<>(node.size());
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      order.add(keys.size());
      keys.add(utf8(field.getKey()));
      values.add(field.getValue());
    }
    order.sort((a, b) -> Arrays.compareUnsigned(keys.get(a), keys.get(b)));
    out.write('{');
    boolean first = true;
    for (int index : order) {
      if (!first) {
        out.write(',');
      }
      first = false;
      writeStringBytes(keys.get(index), out);
      out.write(':');
      write(values.get(index), out);
    }
    out.write('}');
  }

  private static String integerText(JsonNode number) {
    if (number.isIntegralNumber()) {
      return number.bigIntegerValue().toString();
    }
    // Go encodes an integral float64 as an integer and refuses any other; do the same.
    if (number.isDouble() || number.isFloat()) {
      double d = number.doubleValue();
      if (Double.isFinite(d) && d == Math.rint(d)) {
        return new BigDecimal(d).toBigInteger().toString();
      }
    } else if (number.isBigDecimal()) {
      BigDecimal d = number.decimalValue();
      if (d.signum() == 0 || d.stripTrailingZeros().scale() <= 0) {
        return d.toBigInteger().toString();
      }
    }
    throw new CanonicalJsonException(
        "non-integer number not allowed in canonical JSON: " + number.asText());
  }

  private static void writeString(String value, ByteArrayOutputStream out) {
    writeStringBytes(utf8(value), out);
  }

  private static void writeStringBytes(byte[] utf8, ByteArrayOutputStream out) {
    out.write('"');
    for (byte b : utf8) {
      if (b == '"' || b == '\\') {
        out.write('\\');
      }
      out.write(b);
    }
    out.write('"');
  }

  private static void writeAscii(String text, ByteArrayOutputStream out) {
    out.writeBytes(text.getBytes(StandardCharsets.US_ASCII));
  }

  /** Strict UTF-8: an unpaired surrogate has no UTF-8 encoding, so it is an error, not '?'. */
  private static byte[] utf8(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < value.length()
          && Character.isLowSurrogate(value.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new CanonicalJsonException(
            "string contains an unpaired UTF-16 surrogate at index " + i);
      }
    }
    return value.getBytes(StandardCharsets.UTF_8);
  }
}
