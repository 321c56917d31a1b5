package dev.trustpipe.audit.api;

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
import java.util.Optional;
import java.util.Set;

/**
 * The bearer tokens that may read the audit log. Today one token with the {@code auditor} role,
 * kept in a file ({@code $TRUSTPIPE_HOME/auditor-token} in the quick start; created 0600 with a
 * random token when absent). Only its SHA-256 is held in memory; presented tokens are compared in
 * constant time. {@link #toString()} shows no token.
 */
public final class AuditorTokens {
  public static final String AUDITOR = "auditor";

  private final byte[] auditorTokenSha256;

  private AuditorTokens(byte[] auditorTokenSha256) {
    this.auditorTokenSha256 = auditorTokenSha256;
  }

  /**
   * Reads the token from {@code file} (first non-blank line), writing a new random one first when
   * the file is absent and {@code generate} is set.
   */
  public static AuditorTokens fromFile(Path file, boolean generate) {
    try {
      if (!Files.exists(file)) {
        if (!generate) {
          throw new IllegalStateException("no auditor token file at " + file);
        }
        generate(file);
      }
      String token =
          Files.readAllLines(file, StandardCharsets.UTF_8).stream()
              .map(String::strip)
              .filter(line -> !line.isEmpty() && !line.startsWith("#"))
              .findFirst()
              .orElseThrow(
                  () -> new IllegalStateException("the auditor token file is empty: " + file));
      return of(token);
    } catch (IOException e) {
      throw new UncheckedIOException("reading the auditor token file " + file + " failed", e);
    }
  }

  public static AuditorTokens of(String token) {
    if (token == null || token.length() < 16) {
      throw new IllegalArgumentException("an auditor token has at least 16 characters");
    }
    return new AuditorTokens(sha256(token));
  }

  /** The roles of a presented token; empty when it is not a known token. */
  public Optional<Set<String>> roles(String presented) {
    if (presented == null) {
      return Optional.empty();
    }
    return MessageDigest.isEqual(sha256(presented), auditorTokenSha256)
        ? Optional.of(Set.of(AUDITOR))
        : Optional.empty();
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
    return "AuditorTokens[1 token]";
  }
}
