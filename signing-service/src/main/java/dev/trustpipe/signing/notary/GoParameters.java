package dev.trustpipe.signing.notary;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Query-string and integer parsing with the exact semantics (and error texts) of Go's net/url and
 * strconv.
 */
final class GoParameters {

  private GoParameters() {}

  /**
   * {@code url.Values.Get(key)} of {@code url.ParseQuery(rawQuery)} (Go ≥ 1.17: pairs containing
   * {@code ;} and pairs that fail to unescape are skipped); "" when absent.
   */
  static String firstQueryValue(String rawQuery, String key) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return "";
    }
    int start = 0;
    while (start <= rawQuery.length()) {
      int amp = rawQuery.indexOf('&', start);
      int end = amp < 0 ? rawQuery.length() : amp;
      String pair = rawQuery.substring(start, end);
      start = end + 1;
      if (pair.isEmpty() || pair.indexOf(';') >= 0) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = queryUnescape(eq < 0 ? pair : pair.substring(0, eq));
      String value = queryUnescape(eq < 0 ? "" : pair.substring(eq + 1));
      if (name != null && value != null && name.equals(key)) {
        return value;
      }
      if (amp < 0) {
        break;
      }
    }
    return "";
  }

  /** Go's {@code url.QueryUnescape}: {@code +} is a space; null for a malformed escape. */
  static String queryUnescape(String s) {
    if (s.indexOf('%') < 0 && s.indexOf('+') < 0) {
      return s;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '+') {
        out.write(' ');
      } else if (c == '%') {
        if (i + 2 >= s.length()) {
          return null;
        }
        int hi = Character.digit(s.charAt(i + 1), 16);
        int lo = Character.digit(s.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          return null;
        }
        out.write((hi << 4) | lo);
        i += 2;
      } else {
        byte[] bytes = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        out.write(bytes, 0, bytes.length);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /** Go's {@code strconv.ParseInt(s, 10, 32)}. */
  static int parseInt32(String s) throws GoNumberException {
    if (s.isEmpty()) {
      throw GoNumberException.syntax("ParseInt", s);
    }
    int i = 0;
    boolean negative = false;
    if (s.charAt(0) == '+' || s.charAt(0) == '-') {
      negative = s.charAt(0) == '-';
      i = 1;
    }
    if (i == s.length()) {
      throw GoNumberException.syntax("ParseInt", s);
    }
    long magnitude = 0;
    for (; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        throw GoNumberException.syntax("ParseInt", s);
      }
      magnitude = magnitude * 10 + (c - '0');
      if (magnitude > 0xFFFF_FFFFL) {
        // ParseUint gives up at its 32-bit maximum, before looking at the remaining characters.
        throw GoNumberException.range("ParseInt", s);
      }
    }
    if (negative ? magnitude > (1L << 31) : magnitude >= (1L << 31)) {
      throw GoNumberException.range("ParseInt", s);
    }
    return (int) (negative ? -magnitude : magnitude);
  }

  /** A Go {@code *strconv.NumError}. */
  static final class GoNumberException extends Exception {
    private static final long serialVersionUID = 1L;

    private GoNumberException(String function, String input, String reason) {
      super("strconv." + function + ": parsing " + GoText.quote(input) + ": " + reason);
    }

    static GoNumberException syntax(String function, String input) {
      return new GoNumberException(function, input, "invalid syntax");
    }

    static GoNumberException range(String function, String input) {
      return new GoNumberException(function, input, "value out of range");
    }
  }
}
