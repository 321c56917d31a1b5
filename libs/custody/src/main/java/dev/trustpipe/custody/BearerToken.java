package dev.trustpipe.custody;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A bearer token an API accepts (the audit API's auditor token, the signing-service's operator
 * token), kept in a file: created 0600 with 32 random bytes when absent and generation is allowed
 * (the quick start), read from its first non-blank, non-comment line. Only the token's SHA-256 is
 * held in memory; presented tokens are compared in constant time. {@link #toString()} shows no
 * token.
 */
public final class BearerToken {
  public static final int MIN_LENGTH = 16;

  private final String purpose;
  private final byte[] sha256;

  private BearerToken(String purpose, byte[] sha256) {
    this.purpose = purpose;
    this.sha256 = sha256;
  }

  /**
   * @param purpose what the token is for, in messages, e.g. {@code operator}
   */
  public static BearerToken fromFile(String purpose, Path file, boolean generate) {
    try {
      if (!Files.exists(file)) {
        if (!generate) {
          throw new IllegalStateException("no " + purpose + " token file at " + file);
        }
        generate(file);
      }
      String token =
          Files.readAllLines(file, StandardCharsets.UTF_8).stream()
              .map(String::strip)
              .filter(line -> !line.isEmpty() && !line.startsWith("#"))
              .findFirst()
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "the " + purpose + " token file is empty: " + file));
      return of(purpose, token);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "reading the " + purpose + " token file " + file + " failed", e);
    }
  }

  public static BearerToken of(String purpose, String token) {
    if (token == null || token.length() < MIN_LENGTH) {
      throw new IllegalArgumentException(
          "a " + purpose + " token has at least " + MIN_LENGTH + " characters");
    }
    return new BearerToken(purpose, sha256(token));
  }

  /** True when {@code presented} is this token. */
  public boolean matches(String presented) {
    return presented != null && MessageDigest.isEqual(sha256(presented), sha256);
  }

  /** The token of an {@code Authorization: Bearer <token>} header value, or null. */
  public static String fromAuthorizationHeader(String header) {
    if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return header.substring(7).strip();
    }
    return null;
  }

  private static void generate(Path file) throws IOException {
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try {
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      Files.createFile(file);
    }
    Files.writeString(
        file, token + "\n", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
  }

  private static byte[] sha256(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK provides SHA-256", e);
    }
  }

  @Override
  public String toString() {
    return "BearerToken[" + purpose + "]";
  }
}
