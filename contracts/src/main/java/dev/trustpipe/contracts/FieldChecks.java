package dev.trustpipe.contracts;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The field rules shared by the event records. Every problem message names the field and says what
 * was wrong, because it ends up verbatim in an {@code event.rejected.v1} reason.
 */
final class FieldChecks {

  /** RFC 3339 (and so the JSON Schema "date-time" format) can only write years 0001 to 9999. */
  static final Instant EARLIEST_INSTANT = Instant.parse("0001-01-01T00:00:00Z");

  static final Instant LATEST_INSTANT = Instant.parse("9999-12-31T23:59:59.999999999Z");

  static final int MAX_TEXT_CHARS = 255;

  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern ROLE =
      Pattern.compile("root|targets|snapshot|timestamp|targets(/[A-Za-z0-9_-]+)+");
  private static final Pattern MEDIA_TYPE =
      Pattern.compile(
          "[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}");
  private static final Pattern REGISTRY_SOURCE = Pattern.compile("[a-z][a-z0-9-]{0,31}");

  private FieldChecks() {}

  static <T> T required(String field, T value) {
    if (value == null) {
      throw new IllegalArgumentException(field + " is required");
    }
    return value;
  }

  /** Free text a person or registry chose (actor, event id, reason): 1..max chars, no controls. */
  static String requireText(String field, String value, int maxChars) {
    required(field, value);
    textProblem(value, maxChars)
        .ifPresent(
            problem -> {
              throw new IllegalArgumentException(field + " " + problem);
            });
    return value;
  }

  static String optionalText(String field, String value, int maxChars) {
    return value == null ? null : requireText(field, value, maxChars);
  }

  static Optional<String> textProblem(String value, int maxChars) {
    if (value.isEmpty()) {
      return Optional.of("is empty");
    }
    int characters = value.codePointCount(0, value.length());
    if (characters > maxChars) {
      return Optional.of("is " + characters + " characters long; at most " + maxChars);
    }
    int control = firstControlCharacter(value);
    if (control >= 0) {
      return Optional.of(describeControlCharacter(value, control));
    }
    int surrogate = firstUnpairedSurrogate(value);
    if (surrogate >= 0) {
      return Optional.of(
          String.format(
              "contains unpaired UTF-16 surrogate U+%04X at index %d (not text)",
              (int) value.charAt(surrogate), surrogate));
    }
    if (value.chars().allMatch(c -> c == ' ')) {
      return Optional.of("is blank");
    }
    return Optional.empty();
  }

  static Instant requireInstant(String field, Instant value) {
    required(field, value);
    if (value.isBefore(EARLIEST_INSTANT) || value.isAfter(LATEST_INSTANT)) {
      throw new IllegalArgumentException(
          field + " " + value + " is outside years 0001-9999, which RFC 3339 cannot express");
    }
    return value;
  }

  static String requireSha256Hex(String field, String value) {
    required(field, value);
    if (!SHA256_HEX.matcher(value).matches()) {
      throw new IllegalArgumentException(
          field + " " + quote(value) + " is not 64 lowercase hex characters (a SHA-256)");
    }
    return value;
  }

  static Optional<String> sha256HexProblem(String value) {
    return SHA256_HEX.matcher(value).matches()
        ? Optional.empty()
        : Optional.of(quote(value) + " is not 64 lowercase hex characters (a SHA-256)");
  }

  static String requireRole(String field, String value) {
    required(field, value);
    roleProblem(value)
        .ifPresent(
            problem -> {
              throw new IllegalArgumentException(field + " " + problem);
            });
    return value;
  }

  static Optional<String> roleProblem(String value) {
    if (value.length() <= 255 && ROLE.matcher(value).matches()) {
      return Optional.empty();
    }
    return Optional.of(
        quote(value)
            + " is not a TUF role: root, targets, snapshot, timestamp or a delegation"
            + " targets/<name>[/<name>...] of letters, digits, '_' and '-'");
  }

  static String optionalMediaType(String field, String value) {
    if (value != null) {
      mediaTypeProblem(value)
          .ifPresent(
              problem -> {
                throw new IllegalArgumentException(field + " " + problem);
              });
    }
    return value;
  }

  static Optional<String> mediaTypeProblem(String value) {
    return MEDIA_TYPE.matcher(value).matches()
        ? Optional.empty()
        : Optional.of(quote(value) + " is not a media type of the form type/subtype (RFC 6838)");
  }

  static String requireRegistrySource(String field, String value) {
    required(field, value);
    registrySourceProblem(value)
        .ifPresent(
            problem -> {
              throw new IllegalArgumentException(field + " " + problem);
            });
    return value;
  }

  static Optional<String> registrySourceProblem(String value) {
    return REGISTRY_SOURCE.matcher(value).matches()
        ? Optional.empty()
        : Optional.of(
            quote(value)
                + " is not a registry kind (lowercase letter, then up to 31 lowercase letters,"
                + " digits or '-', e.g. distribution, harbor, dockerhub)");
  }

  static Long optionalNonNegative(String field, Long value) {
    if (value != null && value < 0) {
      throw new IllegalArgumentException(field + " is " + value + "; it must not be negative");
    }
    return value;
  }

  /**
   * An immutable copy without repeated elements (first occurrence kept): these lists are sets, and
   * a repeat is harmless, so it is dropped rather than failing a whole signing transaction.
   */
  static <T> List<T> uniqueElements(String field, List<T> values) {
    required(field, values);
    for (int i = 0; i < values.size(); i++) {
      if (values.get(i) == null) {
        throw new IllegalArgumentException(field + "[" + i + "] is null");
      }
    }
    return List.copyOf(new java.util.LinkedHashSet<>(values));
  }

  static int utf8Length(String value) {
    return value.getBytes(StandardCharsets.UTF_8).length;
  }

  /**
   * Cuts {@code value} to at most {@code maxBytes} of UTF-8 without splitting a character, so the
   * result is still valid text.
   */
  static String truncateUtf8(String value, int maxBytes) {
    if (value.length() * 3L <= maxBytes || utf8Length(value) <= maxBytes) {
      return value;
    }
    int bytes = 0;
    int end = 0;
    while (end < value.length()) {
      int codePoint = value.codePointAt(end);
      int size = codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
      if (bytes + size > maxBytes) {
        break;
      }
      bytes += size;
      end += Character.charCount(codePoint);
    }
    return value.substring(0, end);
  }

  static String truncateChars(String value, int maxChars) {
    if (value.length() <= maxChars) {
      return value;
    }
    int end = maxChars;
    if (Character.isHighSurrogate(value.charAt(end - 1))) {
      end--;
    }
    return value.substring(0, end);
  }

  static int firstControlCharacter(String value) {
    for (int i = 0; i < value.length(); i++) {
      if (Character.isISOControl(value.charAt(i))) {
        return i;
      }
    }
    return -1;
  }

  static int firstUnpairedSurrogate(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < value.length()
          && Character.isLowSurrogate(value.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return i;
      }
    }
    return -1;
  }

  /** Replaces unpaired surrogates with U+FFFD, so any Java string becomes encodable text. */
  static String withoutUnpairedSurrogates(String value) {
    if (firstUnpairedSurrogate(value) < 0) {
      return value;
    }
    StringBuilder text = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < value.length()
          && Character.isLowSurrogate(value.charAt(i + 1))) {
        text.append(c).append(value.charAt(++i));
      } else {
        text.append(Character.isSurrogate(c) ? '\uFFFD' : c);
      }
    }
    return text.toString();
  }

  static String describeControlCharacter(String value, int index) {
    return String.format(
        "contains control character U+%04X at index %d", (int) value.charAt(index), index);
  }

  /**
   * Quotes a value for a message: control characters escaped and long values shortened, so a
   * hostile value can neither forge log lines nor flood them.
   */
  static String quote(String value) {
    if (value == null) {
      return "null";
    }
    StringBuilder quoted = new StringBuilder("\"");
    int limit = Math.min(value.length(), 80);
    for (int i = 0; i < limit; i++) {
      char c = value.charAt(i);
      if (Character.isISOControl(c) || c == '"' || c == '\\') {
        quoted.append(String.format("\\u%04x", (int) c));
      } else {
        quoted.append(c);
      }
    }
    if (value.length() > limit) {
      quoted.append("...(").append(value.length()).append(" chars)");
    }
    return quoted.append('"').toString();
  }
}
