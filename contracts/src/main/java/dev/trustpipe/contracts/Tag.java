package dev.trustpipe.contracts;

import static dev.trustpipe.contracts.FieldChecks.quote;

import java.util.Objects;
import java.util.Optional;

/**
 * An image tag as Docker defines it: {@code [\w][\w.-]{0,127}} with {@code \w} = ASCII letters,
 * digits and '_'. A tag that merely looks like a digest ({@code sha256-<hex>.sig}) stays a tag.
 */
public record Tag(String value) {

  public static final int MAX_CHARS = 128;

  public Tag {
    Objects.requireNonNull(value, "tag is required");
    problem(value)
        .ifPresent(
            problem -> {
              throw new IllegalArgumentException("tag " + problem);
            });
  }

  public static Tag of(String value) {
    return new Tag(value);
  }

  public static boolean isValid(String value) {
    return value != null && problem(value).isEmpty();
  }

  /** Why {@code value} is not a tag, phrased to follow "tag ", or empty when it is one. */
  public static Optional<String> problem(String value) {
    if (value.isEmpty()) {
      return Optional.of("is empty");
    }
    if (value.length() > MAX_CHARS) {
      return Optional.of(
          quote(value) + " is " + value.length() + " characters long; at most " + MAX_CHARS);
    }
    if (!isWordCharacter(value.charAt(0))) {
      return Optional.of(quote(value) + " must start with a letter, digit or '_'");
    }
    for (int i = 1; i < value.length(); i++) {
      char c = value.charAt(i);
      if (!isWordCharacter(c) && c != '.' && c != '-') {
        return Optional.of(
            quote(value)
                + String.format(" has character U+%04X at index %d;", (int) c, i)
                + " only letters, digits, '_', '.' and '-' are allowed");
      }
    }
    return Optional.empty();
  }

  private static boolean isWordCharacter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  }

  @Override
  public String toString() {
    return value;
  }
}
