package dev.trustpipe.timestamp.api;

import java.time.Duration;
import java.time.format.DateTimeParseException;

/**
 * Parses what an operator sends: the {@code within} duration and a GUN taken from the path. Every
 * malformed input ends in {@link IllegalArgumentException} (400), never anything else.
 */
public final class OperatorRequests {
  /** The longest look-ahead the API accepts (ten years, the root lifetime). */
  public static final Duration MAX_WITHIN = Duration.ofDays(3650);

  public static final int MAX_GUN_LENGTH = 255;
  public static final int MAX_LIMIT = 10_000;

  private OperatorRequests() {}

  /** An ISO-8601 duration such as {@code P3D} or {@code PT12H}, from 0 to ten years. */
  public static Duration within(String text) {
    if (text == null || text.isEmpty() || text.length() > 64) {
      throw new IllegalArgumentException("within must be an ISO-8601 duration such as P3D");
    }
    Duration within;
    try {
      within = Duration.parse(text);
    } catch (DateTimeParseException | ArithmeticException e) {
      throw new IllegalArgumentException("within must be an ISO-8601 duration such as P3D");
    }
    if (within.isNegative() || within.compareTo(MAX_WITHIN) > 0) {
      throw new IllegalArgumentException("within must be between PT0S and P3650D");
    }
    return within;
  }

  /** A GUN as Notary accepts it: 1 to 255 printable ASCII characters without spaces. */
  public static String gun(String text) {
    String gun = text == null ? "" : text.startsWith("/") ? text.substring(1) : text;
    if (gun.isEmpty() || gun.length() > MAX_GUN_LENGTH) {
      throw new IllegalArgumentException("the GUN must have 1 to 255 characters");
    }
    for (int i = 0; i < gun.length(); i++) {
      char c = gun.charAt(i);
      if (c <= 0x20 || c > 0x7e) {
        throw new IllegalArgumentException("the GUN must be printable ASCII without spaces");
      }
    }
    return gun;
  }

  public static int limit(String text) {
    if (text == null || text.isEmpty()) {
      return 1000;
    }
    int limit;
    try {
      limit = Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("limit must be a number from 1 to " + MAX_LIMIT);
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be a number from 1 to " + MAX_LIMIT);
    }
    return limit;
  }
}
