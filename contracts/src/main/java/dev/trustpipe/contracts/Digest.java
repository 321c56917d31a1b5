package dev.trustpipe.contracts;

import static dev.trustpipe.contracts.FieldChecks.quote;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A content digest {@code sha256:<64 lowercase hex>} or {@code sha512:<128 lowercase hex>}. Nothing
 * else: registries' own examples carry truncated or placeholder digests, and a digest is what gets
 * signed.
 */
public record Digest(String value) {

  private static final Pattern HEX = Pattern.compile("[0-9a-f]+");

  public Digest {
    Objects.requireNonNull(value, "digest is required");
    problem(value)
        .ifPresent(
            problem -> {
              throw new IllegalArgumentException("digest " + problem);
            });
  }

  public static Digest of(String value) {
    return new Digest(value);
  }

  public static boolean isValid(String value) {
    return value != null && problem(value).isEmpty();
  }

  /** Why {@code value} is not a digest, phrased to follow "digest ", or empty when it is one. */
  public static Optional<String> problem(String value) {
    int colon = value.indexOf(':');
    if (colon < 0) {
      return Optional.of(quote(value) + " is not algorithm:hex (e.g. sha256:<64 hex>)");
    }
    String algorithm = value.substring(0, colon);
    String hex = value.substring(colon + 1);
    int expected;
    if (algorithm.equals("sha256")) {
      expected = 64;
    } else if (algorithm.equals("sha512")) {
      expected = 128;
    } else {
      return Optional.of(
          quote(value)
              + " uses algorithm "
              + quote(algorithm)
              + "; only sha256 and sha512 are accepted");
    }
    if (!HEX.matcher(hex).matches()) {
      return Optional.of(quote(value) + " is not lowercase hex after '" + algorithm + ":'");
    }
    if (hex.length() != expected) {
      return Optional.of(
          quote(value)
              + " has "
              + hex.length()
              + " hex characters; "
              + algorithm
              + " needs "
              + expected);
    }
    return Optional.empty();
  }

  public String algorithm() {
    return value.substring(0, value.indexOf(':'));
  }

  public String hex() {
    return value.substring(value.indexOf(':') + 1);
  }

  @Override
  public String toString() {
    return value;
  }
}
