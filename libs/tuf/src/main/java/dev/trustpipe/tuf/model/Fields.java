package dev.trustpipe.tuf.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Strict readers for metadata fields; every failure is a {@link MetadataFormatException}. */
final class Fields {
  private Fields() {}

  static JsonNode object(JsonNode parent, String field) {
    JsonNode value = parent.get(field);
    if (value == null || !value.isObject()) {
      throw missing(field, "an object");
    }
    return value;
  }

  static JsonNode array(JsonNode parent, String field) {
    JsonNode value = parent.get(field);
    if (value == null || !value.isArray()) {
      throw missing(field, "an array");
    }
    return value;
  }

  static String text(JsonNode parent, String field) {
    JsonNode value = parent.get(field);
    if (value == null || !value.isTextual()) {
      throw missing(field, "a string");
    }
    return value.textValue();
  }

  static boolean bool(JsonNode parent, String field) {
    JsonNode value = parent.get(field);
    if (value == null || !value.isBoolean()) {
      throw missing(field, "a boolean");
    }
    return value.booleanValue();
  }

  static int integer(JsonNode parent, String field) {
    JsonNode value = parent.get(field);
    if (value == null || !value.isIntegralNumber() || !value.canConvertToInt()) {
      throw missing(field, "an integer (32-bit)");
    }
    return value.intValue();
  }

  static long longInteger(JsonNode parent, String field) {
    JsonNode value = parent.get(field);
    if (value == null || !value.isIntegralNumber() || !value.canConvertToLong()) {
      throw missing(field, "an integer (64-bit)");
    }
    return value.longValue();
  }

  static Instant time(JsonNode parent, String field) {
    String text = text(parent, field);
    try {
      return Rfc3339.parse(text);
    } catch (IllegalArgumentException e) {
      throw new MetadataFormatException("\"" + field + "\": " + e.getMessage(), e);
    }
  }

  static byte[] base64(JsonNode parent, String field) {
    String text = text(parent, field);
    try {
      return Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw new MetadataFormatException("\"" + field + "\" is not base64");
    }
  }

  static List<String> strings(JsonNode parent, String field) {
    JsonNode array = array(parent, field);
    List<String> values = new ArrayList<>(array.size());
    for (JsonNode element : array) {
      if (!element.isTextual()) {
        throw new MetadataFormatException("\"" + field + "\" must hold strings only");
      }
      values.add(element.textValue());
    }
    return values;
  }

  private static MetadataFormatException missing(String field, String what) {
    return new MetadataFormatException("\"" + field + "\" must be " + what);
  }
}
