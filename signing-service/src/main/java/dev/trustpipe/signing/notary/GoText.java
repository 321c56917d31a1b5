package dev.trustpipe.signing.notary;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The few Go standard-library text formats notary-server's responses contain, reproduced byte for
 * byte: {@code time.RFC1123} in UTC, {@code time.RFC3339Nano}, {@code strconv.Quote} and {@code
 * encoding/json} string escaping.
 */
final class GoText {

  private static final DateTimeFormatter RFC1123_UTC =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'UTC'", Locale.US)
          .withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter RFC3339_SECONDS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss", Locale.US).withZone(ZoneOffset.UTC);
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  /** Last formatted Last-Modified value: the current timestamp is served over and over. */
  private static volatile FormattedSecond lastRfc1123 = new FormattedSecond(Long.MIN_VALUE, "");

  private record FormattedSecond(long epochSecond, String text) {}

  private GoText() {}

  /** Go's {@code t.UTC().Format(time.RFC1123)}, e.g. {@code Sun, 22 Nov 2026 18:03:51 UTC}. */
  static String rfc1123(Instant instant) {
    long second = instant.getEpochSecond();
    FormattedSecond cached = lastRfc1123;
    if (cached.epochSecond() == second) {
      return cached.text();
    }
    String text = RFC1123_UTC.format(Instant.ofEpochSecond(second));
    lastRfc1123 = new FormattedSecond(second, text);
    return text;
  }

  /**
   * Go's {@code time.RFC3339Nano} of a UTC time as {@code encoding/json} writes it: nanoseconds
   * without trailing zeros, no fraction at all when they are zero.
   */
  static String rfc3339Nano(Instant instant) {
    StringBuilder out = new StringBuilder(32).append(RFC3339_SECONDS.format(instant));
    int nanos = instant.getNano();
    if (nanos != 0) {
      String digits = Integer.toString(1_000_000_000 + nanos).substring(1);
      int end = digits.length();
      while (digits.charAt(end - 1) == '0') {
        end--;
      }
      out.append('.').append(digits, 0, end);
    }
    return out.append('Z').toString();
  }

  /** Go's {@code strconv.Quote}. */
  static String quote(String s) {
    StringBuilder out = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      switch (cp) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case 0x07 -> out.append("\\a");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case 0x0B -> out.append("\\v");
        default -> {
          if (isGoPrintable(cp)) {
            out.appendCodePoint(cp);
          } else if (cp < ' ' || cp == 0x7F) {
            out.append("\\x").append(HEX[cp >> 4]).append(HEX[cp & 0xF]);
          } else if (cp < 0x10000) {
            out.append("\\u").append(String.format("%04x", cp));
          } else {
            out.append("\\U").append(String.format("%08x", cp));
          }
        }
      }
    }
    return out.append('"').toString();
  }

  private static boolean isGoPrintable(int cp) {
    if (cp < 0x80) {
      return cp >= ' ' && cp != 0x7F;
    }
    return switch (Character.getType(cp)) {
      case Character.CONTROL,
          Character.FORMAT,
          Character.SURROGATE,
          Character.PRIVATE_USE,
          Character.UNASSIGNED,
          Character.SPACE_SEPARATOR,
          Character.LINE_SEPARATOR,
          Character.PARAGRAPH_SEPARATOR ->
          false;
      default -> true;
    };
  }

  /**
   * Appends {@code s} as a JSON string the way Go's {@code encoding/json} writes it (HTML-safe:
   * {@code < > &} and U+2028/U+2029 as {@code \\u} escapes).
   */
  static StringBuilder appendJsonString(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '<', '>', '&', '\u2028', '\u2029' -> appendUnicodeEscape(out, c);
        default -> {
          if (c < ' ') {
            appendUnicodeEscape(out, c);
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"');
  }

  private static void appendUnicodeEscape(StringBuilder out, char c) {
    out.append("\\u")
        .append(HEX[(c >> 12) & 0xF])
        .append(HEX[(c >> 8) & 0xF])
        .append(HEX[(c >> 4) & 0xF])
        .append(HEX[c & 0xF]);
  }
}
