package dev.trustpipe.custody;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The key names every backend accepts: 1 to {@value #MAX_LENGTH} characters from {@code
 * [A-Za-z0-9._-]}, starting with a letter or digit, without {@code ..}. Such a name is a safe file
 * name, Vault Transit key name and PKCS#11 label.
 */
public final class KeyNames {

  public static final int MAX_LENGTH = 128;

  private static final Pattern VALID_NAME =
      Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0," + (MAX_LENGTH - 1) + "}");
  private static final int GUN_PART_LENGTH = 64;
  private static final int ROLE_PART_LENGTH = 32;
  // 64 bits of SHA-256: collisions need ~2^32 repositories, far beyond any single deployment.
  private static final int HASH_BYTES = 8;

  private KeyNames() {}

  public static boolean isValid(String keyName) {
    return keyName != null && VALID_NAME.matcher(keyName).matches() && !keyName.contains("..");
  }

  /** Returns {@code keyName} when it is valid; throws {@link IllegalArgumentException} if not. */
  public static String requireValid(String keyName) {
    if (!isValid(keyName)) {
      throw new IllegalArgumentException(
          "invalid key name "
              + printable(keyName)
              + ": use 1-"
              + MAX_LENGTH
              + " characters from [A-Za-z0-9._-], starting with a letter or digit, without '..'");
    }
    return keyName;
  }

  /**
   * A valid key name for one role of one repository, e.g. {@code
   * registry-example-com-team-app_targets-releases_5c1f0a3b9e2d4c71} for ({@code
   * registry.example.com/team/app}, {@code targets/releases}). The readable part is lossy
   * (lowercased, punctuation folded, truncated); the trailing hash of the exact GUN and role keeps
   * names of different repositories apart. Deterministic: the same input always gives the same
   * name.
   */
  public static String forRole(String gun, String role) {
    requireText(gun, "gun");
    requireText(role, "role");
    byte[] identity = (gun + '\0' + role).getBytes(StandardCharsets.UTF_8);
    String hash = HexFormat.of().formatHex(sha256(identity), 0, HASH_BYTES);
    return readablePart(gun, GUN_PART_LENGTH)
        + "_"
        + readablePart(role, ROLE_PART_LENGTH)
        + "_"
        + hash;
  }

  private static String readablePart(String text, int maxLength) {
    String folded =
        text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+", "");
    if (folded.length() > maxLength) {
      folded = folded.substring(0, maxLength);
    }
    folded = folded.replaceAll("-+$", "");
    return folded.isEmpty() ? "x" : folded;
  }

  private static void requireText(String value, String field) {
    Objects.requireNonNull(value, field);
    if (value.isBlank()) {
      throw new IllegalArgumentException(field + " must not be blank");
    }
    // Also guarantees the NUL separator of the hashed identity is unambiguous.
    if (value.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException(field + " must not contain control characters");
    }
  }

  private static byte[] sha256(byte[] input) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(input);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK provides SHA-256", e);
    }
  }

  /** Quotes a rejected name for an error message, escaping what could forge log lines. */
  static String printable(String name) {
    if (name == null) {
      return "null";
    }
    StringBuilder quoted = new StringBuilder("\"");
    name.codePoints()
        .limit(MAX_LENGTH + 16L)
        .forEach(
            c -> {
              if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
                quoted.append((char) c);
              } else {
                quoted.append(String.format("\\u%04x", c));
              }
            });
    return quoted.append('"').toString();
  }
}
