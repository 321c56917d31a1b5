package dev.trustpipe.custody.local;

import dev.trustpipe.custody.CustodyException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;

/**
 * Finds the local keystore passphrase: the value of {@value #PASSPHRASE_VARIABLE}, or the content
 * of the file named by {@value #PASSPHRASE_FILE_VARIABLE} (trailing line breaks stripped, so {@code
 * echo secret > file} works). Exactly one of the two may be set. The environment is passed in, so
 * callers hand over {@code System.getenv()} and tests a map.
 */
public final class PassphraseSource {

  public static final String PASSPHRASE_VARIABLE = "TRUSTPIPE_KEYSTORE_PASSPHRASE";
  public static final String PASSPHRASE_FILE_VARIABLE = "TRUSTPIPE_KEYSTORE_PASSPHRASE_FILE";

  private static final int GENERATED_PASSPHRASE_BYTES = 32;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Map<String, String> environment;

  public PassphraseSource(Map<String, String> environment) {
    this.environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
  }

  /** Whether either variable is set (non-empty values only). */
  public boolean isConfigured() {
    return isSet(PASSPHRASE_VARIABLE) || isSet(PASSPHRASE_FILE_VARIABLE);
  }

  /**
   * The configured passphrase. The caller owns the returned array and may wipe it.
   *
   * @throws CustodyException when neither or both variables are set, or the file cannot be read or
   *     is empty; the message names variables and files, never the passphrase
   */
  public char[] resolve() throws CustodyException {
    boolean direct = isSet(PASSPHRASE_VARIABLE);
    boolean fromFile = isSet(PASSPHRASE_FILE_VARIABLE);
    if (direct && fromFile) {
      throw new CustodyException(
          "both "
              + PASSPHRASE_VARIABLE
              + " and "
              + PASSPHRASE_FILE_VARIABLE
              + " are set; set only one of them");
    }
    if (direct) {
      return environment.get(PASSPHRASE_VARIABLE).toCharArray();
    }
    if (fromFile) {
      return readPassphraseFile(Path.of(environment.get(PASSPHRASE_FILE_VARIABLE)));
    }
    throw new CustodyException(
        "no keystore passphrase: set "
            + PASSPHRASE_VARIABLE
            + ", or "
            + PASSPHRASE_FILE_VARIABLE
            + " to the path of a file that contains it");
  }

  /**
   * The configured passphrase or, when neither variable is set, the one in {@code defaultFile},
   * generated there on first use (the quick start's behaviour).
   */
  public char[] resolveOrGenerate(Path defaultFile) throws CustodyException {
    return isConfigured() ? resolve() : generateIfAbsent(defaultFile);
  }

  /**
   * Returns the passphrase stored in {@code file}; if the file does not exist yet, first writes a
   * new random one there (32 random bytes, base64) with permissions 0600, creating missing parent
   * directories 0700. Concurrent callers all end up with the same passphrase.
   */
  public static char[] generateIfAbsent(Path file) throws CustodyException {
    Objects.requireNonNull(file, "file");
    if (Files.exists(file)) {
      return readPassphraseFile(file);
    }
    byte[] secret = new byte[GENERATED_PASSPHRASE_BYTES];
    RANDOM.nextBytes(secret);
    byte[] content =
        (Base64.getEncoder().encodeToString(secret) + "\n").getBytes(StandardCharsets.US_ASCII);
    Arrays.fill(secret, (byte) 0);
    Path target = file.toAbsolutePath();
    try {
      OwnerOnlyFiles.createDirectories(target.getParent());
      // When another process generated the file first, theirs wins: it is read below.
      OwnerOnlyFiles.writeNew(target, content);
    } catch (IOException e) {
      throw new CustodyException("cannot write keystore passphrase file " + file, e);
    } finally {
      Arrays.fill(content, (byte) 0);
    }
    return readPassphraseFile(file);
  }

  private boolean isSet(String variable) {
    String value = environment.get(variable);
    return value != null && !value.isEmpty();
  }

  private static char[] readPassphraseFile(Path file) throws CustodyException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new CustodyException("keystore passphrase file " + file + " does not exist");
    } catch (IOException e) {
      throw new CustodyException("cannot read keystore passphrase file " + file, e);
    }
    try {
      int length = bytes.length;
      while (length > 0 && (bytes[length - 1] == '\n' || bytes[length - 1] == '\r')) {
        length--;
      }
      if (length == 0) {
        throw new CustodyException("keystore passphrase file " + file + " is empty");
      }
      // Decoded straight into a char[] (no String), so the copy can be wiped.
      CharBuffer chars =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes, 0, length));
      char[] passphrase = Arrays.copyOf(chars.array(), chars.limit());
      Arrays.fill(chars.array(), '\0');
      return passphrase;
    } catch (CharacterCodingException e) {
      throw new CustodyException("keystore passphrase file " + file + " is not valid UTF-8");
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  @Override
  public String toString() {
    return "PassphraseSource["
        + (isSet(PASSPHRASE_VARIABLE)
            ? PASSPHRASE_VARIABLE
            : isSet(PASSPHRASE_FILE_VARIABLE)
                ? PASSPHRASE_FILE_VARIABLE + "=" + environment.get(PASSPHRASE_FILE_VARIABLE)
                : "not configured")
        + "]";
  }
}
