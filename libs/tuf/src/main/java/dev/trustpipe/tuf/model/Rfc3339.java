package dev.trustpipe.tuf.model;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;

/**
 * Times as Go's {@code time.Time} JSON encoding writes them (RFC3339Nano in UTC: nanoseconds with
 * trailing zeros trimmed, no fraction when zero, {@code Z}), e.g. {@code
 * 2026-12-06T18:03:51.746124993Z}, {@code 2029-11-21T18:03:49.01783058Z}.
 */
public final class Rfc3339 {
  private static final Pattern RFC3339 =
      Pattern.compile(
          "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?(Z|[+-]\\d{2}:\\d{2})");
  private static final Instant MIN = Instant.parse("0000-01-01T00:00:00Z");
  private static final Instant MAX = Instant.parse("9999-12-31T23:59:59.999999999Z");

  private Rfc3339() {}

  /** Go's {@code t.UTC().Format(time.RFC3339Nano)}; years outside 0000-9999 cannot be encoded. */
  public static String format(Instant instant) {
    if (instant.isBefore(MIN) || instant.isAfter(MAX)) {
      throw new IllegalArgumentException("time outside years 0000-9999: " + instant);
    }
    LocalDateTime t = LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    StringBuilder out =
        new StringBuilder(
            String.format(
                "%04d-%02d-%02dT%02d:%02d:%02d",
                t.getYear(),
                t.getMonthValue(),
                t.getDayOfMonth(),
                t.getHour(),
                t.getMinute(),
                t.getSecond()));
    int nanos = t.getNano();
    if (nanos != 0) {
      String fraction = String.format("%09d", nanos);
      int end = fraction.length();
      while (fraction.charAt(end - 1) == '0') {
        end--;
      }
      out.append('.').append(fraction, 0, end);
    }
    return out.append('Z').toString();
  }

  /** RFC 3339 with optional fraction (1-9 digits) and {@code Z} or a numeric offset. */
  public static Instant parse(String text) {
    if (text == null || !RFC3339.matcher(text).matches()) {
      throw new IllegalArgumentException("not an RFC 3339 time: " + RoleName.describe(text));
    }
    try {
      return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    } catch (DateTimeException e) {
      throw new IllegalArgumentException("not an RFC 3339 time: " + RoleName.describe(text), e);
    }
  }
}
