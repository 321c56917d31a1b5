package dev.trustpipe.ingest.adapter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A value in a webhook body with its JSON path, read strictly: a field of the wrong type is an
 * error naming the path ({@code $.events[0].target.size: expected an integer, found a string}); a
 * missing field and an explicit {@code null} both read as absent.
 */
public final class JsonValue {

  /** The one mapper that reads webhook bodies. */
  private static final JsonMapper MAPPER = newMapper();

  private final JsonNode node;
  private final String path;

  private JsonValue(JsonNode node, String path) {
    this.node = node;
    this.path = path;
  }

  /**
   * Parses a whole body: UTF-8 JSON, one value, no duplicate keys.
   *
   * @throws BadWebhookException MALFORMED_JSON with where and why
   */
  public static JsonValue parse(byte[] body) {
    try {
      JsonNode tree = MAPPER.readTree(body);
      if (tree == null || tree.isMissingNode()) {
        throw BadWebhookException.malformedJson("the body is empty; expected a JSON document");
      }
      return new JsonValue(tree, "$");
    } catch (JsonProcessingException e) {
      throw BadWebhookException.malformedJson("the body is not valid JSON: " + describe(e));
    } catch (IOException e) {
      throw BadWebhookException.malformedJson("the body could not be read as JSON");
    } catch (NumberFormatException e) {
      // a number Jackson cannot represent, e.g. an exponent of thirty digits
      throw BadWebhookException.malformedJson("the body has a number out of range");
    }
  }

  /** Parses an embedded JSON document (e.g. Pub/Sub's base64 {@code data}), named {@code path}. */
  public static JsonValue parseEmbedded(byte[] json, String path) {
    try {
      JsonNode tree = MAPPER.readTree(json);
      if (tree == null || tree.isMissingNode()) {
        throw BadWebhookException.invalidPayload(path + " is empty; expected a JSON document");
      }
      return new JsonValue(tree, path);
    } catch (JsonProcessingException e) {
      throw BadWebhookException.invalidPayload(path + " is not valid JSON: " + describe(e));
    } catch (IOException e) {
      throw BadWebhookException.invalidPayload(path + " could not be read as JSON");
    } catch (NumberFormatException e) {
      throw BadWebhookException.invalidPayload(path + " has a number out of range");
    }
  }

  public String path() {
    return path;
  }

  /** The field {@code name}; absent when this is not an object or has no such field. */
  public JsonValue get(String name) {
    JsonNode child = node.isObject() ? node.get(name) : null;
    return new JsonValue(child == null ? MissingNode.getInstance() : child, path + "." + name);
  }

  public boolean isPresent() {
    return !node.isMissingNode() && !node.isNull();
  }

  public boolean isObject() {
    return node.isObject();
  }

  public boolean isArray() {
    return node.isArray();
  }

  public boolean has(String name) {
    return get(name).isPresent();
  }

  /** This value, which must be an object. */
  public JsonValue requireObject() {
    if (!node.isObject()) {
      throw wrongType("an object");
    }
    return this;
  }

  /** The elements of this value, which must be an array. */
  public List<JsonValue> elements() {
    if (!node.isArray()) {
      throw wrongType("an array");
    }
    List<JsonValue> elements = new ArrayList<>(node.size());
    for (int i = 0; i < node.size(); i++) {
      elements.add(new JsonValue(node.get(i), path + "[" + i + "]"));
    }
    return elements;
  }

  /** The text of this value, which must be a string. */
  public String text() {
    if (!node.isTextual()) {
      throw wrongType("a string");
    }
    return node.textValue();
  }

  /** The text when present; absent for a missing field or {@code null}. */
  public Optional<String> optionalText() {
    return isPresent() ? Optional.of(text()) : Optional.empty();
  }

  /** Like {@link #optionalText()}, with an empty string also read as absent. */
  public Optional<String> nonEmptyText() {
    return optionalText().filter(text -> !text.isEmpty());
  }

  /** A non-negative integer when present. */
  public Optional<Long> optionalSize() {
    if (!isPresent()) {
      return Optional.empty();
    }
    if (!node.isIntegralNumber() || !node.canConvertToLong()) {
      throw wrongType("an integer");
    }
    long value = node.longValue();
    if (value < 0) {
      throw BadWebhookException.invalidPayload(path + " is " + value + "; a size is not negative");
    }
    return Optional.of(value);
  }

  /** An RFC 3339 date-time string ({@code 2026-11-22T18:31:34.391475756Z}). */
  public Instant rfc3339() {
    String text = text();
    try {
      return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      throw BadWebhookException.invalidPayload(
          path + " " + Texts.quote(text) + " is not an RFC 3339 date-time");
    }
  }

  /** Seconds since the epoch, an integer or a decimal number ({@code 1.417566161e+09}). */
  public Instant epochSeconds() {
    if (!node.isNumber()) {
      throw wrongType("a number of seconds since 1970");
    }
    if (node.isFloatingPointNumber()
        && !node.isBigDecimal()
        && !Double.isFinite(node.doubleValue())) {
      throw outOfRange();
    }
    try {
      BigDecimal seconds = node.decimalValue();
      long whole = seconds.longValueExact();
      return Instant.ofEpochSecond(whole);
    } catch (ArithmeticException e) {
      return fractionalSeconds();
    } catch (DateTimeException e) {
      throw outOfRange();
    }
  }

  /**
   * The number as a decimal; a double through its shortest decimal form, so {@code 1.417566161e+09}
   * is exactly 1417566161 and not a binary approximation of it.
   */
  private BigDecimal seconds() {
    return node.isDouble() || node.isFloat()
        ? BigDecimal.valueOf(node.doubleValue())
        : node.decimalValue();
  }

  private Instant fractionalSeconds() {
    BigDecimal seconds = seconds();
    if (seconds.abs().compareTo(BigDecimal.valueOf(1L << 40)) > 0) {
      throw outOfRange();
    }
    BigDecimal whole = new BigDecimal(seconds.toBigInteger());
    long nanos = seconds.subtract(whole).movePointRight(9).longValue();
    try {
      return Instant.ofEpochSecond(whole.longValueExact(), nanos);
    } catch (ArithmeticException | DateTimeException e) {
      throw outOfRange();
    }
  }

  private BadWebhookException outOfRange() {
    return BadWebhookException.invalidPayload(path + " is not a time in years 0001-9999");
  }

  private BadWebhookException wrongType(String expected) {
    return BadWebhookException.invalidPayload(
        path + ": expected " + expected + ", found " + describeType(node));
  }

  private static String describeType(JsonNode node) {
    if (node.isMissingNode()) {
      return "nothing (the field is missing)";
    }
    return switch (node.getNodeType()) {
      case NULL -> "null";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case ARRAY -> "an array";
      case OBJECT -> "an object";
      default -> node.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
    };
  }

  private static String describe(JsonProcessingException e) {
    String message = e.getOriginalMessage();
    var location = e.getLocation();
    String where =
        location == null
            ? ""
            : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    return Texts.quote(message == null ? e.getClass().getSimpleName() : message) + where;
  }

  private static JsonMapper newMapper() {
    JsonMapper mapper =
        JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();
    // bodies are at most 1 MiB; deep nesting only costs stack
    mapper
        .getFactory()
        .setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build());
    return mapper;
  }
}
