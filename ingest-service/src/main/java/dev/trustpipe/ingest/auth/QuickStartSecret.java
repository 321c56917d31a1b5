package dev.trustpipe.ingest.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The quick start's one webhook secret, {@code $TRUSTPIPE_HOME/webhook-secret}: read when it
 * exists, otherwise generated (256 random bits, URL-safe base64 so it also fits {@code ?token=})
 * and written with permissions 0600.
 */
public final class QuickStartSecret {

  /** The secret and whether this call created it. */
  public record Loaded(String secret, boolean generated) {
    @Override
    public String toString() {
      return "Loaded[generated=" + generated + "]";
    }
  }

  private static final SecureRandom RANDOM = new SecureRandom();

  private QuickStartSecret() {}

  public static Loaded loadOrGenerate(Path file) {
    try {
      if (Files.exists(file)) {
        return new Loaded(read(file), false);
      }
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      byte[] random = new byte[32];
      RANDOM.nextBytes(random);
      String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
      try {
        Files.createFile(
            file,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (UnsupportedOperationException e) {
        Files.createFile(file);
      } catch (FileAlreadyExistsException e) {
        // another instance won the race: use its secret
        return new Loaded(read(file), false);
      }
      Files.writeString(file, secret + "\n", StandardCharsets.UTF_8, StandardOpenOption.WRITE);
      return new Loaded(secret, true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the webhook secret file " + file, e);
    }
  }

  /** The secret in {@code file}: its first line, trimmed. */
  public static String read(Path file) throws IOException {
    String secret = Files.readString(file, StandardCharsets.UTF_8).strip();
    int newline = secret.indexOf('\n');
    if (newline >= 0) {
      secret = secret.substring(0, newline).strip();
    }
    if (secret.isEmpty()) {
      throw new IOException("the webhook secret file " + file + " is empty");
    }
    return secret;
  }
}
