package dev.trustpipe.testkit.pkcs11;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A SoftHSM2 token of its own for one test JVM, in a directory of the build instead of the
 * root-owned {@code /var/lib/softhsm} (ORIGIN: the steps of {@code
 * ../shared/tools/pkcs11/setup-softhsm.sh} and PKCS11.md §2, done from Java).
 *
 * <p>libsofthsm2 reads the file named by the {@code SOFTHSM2_CONF} environment variable once, when
 * the JVM first loads it, and Java cannot set environment variables: the build sets {@code
 * SOFTHSM2_CONF} for the test JVM (see this module's surefire configuration) and {@link #shared()}
 * writes that file and initialises the token before any SunPKCS11 provider loads the library. Hence
 * one token per JVM, created once; tests keep apart by key names.
 *
 * <p>Tests are skipped, saying why, when softhsm2 is not installed ({@code apt-get install -y
 * softhsm2}; {@code scripts/install-test-deps.sh} installs it) or {@code SOFTHSM2_CONF} is unset.
 */
public final class SoftHsmToken {

  public static final String CONF_VARIABLE = "SOFTHSM2_CONF";

  private static final List<Path> LIBRARIES =
      List.of(
          Path.of("/usr/lib/softhsm/libsofthsm2.so"),
          Path.of("/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so"),
          Path.of("/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so"),
          Path.of("/usr/local/lib/softhsm/libsofthsm2.so"));
  private static final Pattern SLOT = Pattern.compile("reassigned to slot (\\d+)");
  private static SoftHsmToken shared;

  private final Path library;
  private final long slot;
  private final String pin;

  private SoftHsmToken(Path library, long slot, String pin) {
    this.library = library;
    this.slot = slot;
    this.pin = pin;
  }

  /**
   * The JVM's token, created on first call; aborts the calling test (JUnit assumption) when
   * SoftHSM2 is not available here.
   */
  public static synchronized SoftHsmToken shared() {
    if (shared == null) {
      shared = create();
    }
    return shared;
  }

  /** The user PIN. */
  public char[] pin() {
    return pin.toCharArray();
  }

  public Path library() {
    return library;
  }

  /** A SunPKCS11 configuration for this token, for {@code Provider.configure("--" + text)}. */
  public String sunPkcs11Config() {
    return "name = TrustPipeSoftHSM\nlibrary = " + library + "\nslot = " + slot + "\n";
  }

  /** Writes {@link #sunPkcs11Config()} to a file (for {@code TRUSTPIPE_PKCS11_CONFIG}). */
  public Path writeSunPkcs11Config(Path file) throws IOException {
    Files.writeString(file, sunPkcs11Config(), StandardCharsets.UTF_8);
    return file;
  }

  private static SoftHsmToken create() {
    Path library = LIBRARIES.stream().filter(Files::isReadable).findFirst().orElse(null);
    Assumptions.assumeTrue(
        library != null && onPath("softhsm2-util"),
        "SoftHSM2 is not installed here (no libsofthsm2.so or softhsm2-util): PKCS#11 tests need"
            + " `apt-get install -y softhsm2` (scripts/install-test-deps.sh installs it)");
    String conf = System.getenv(CONF_VARIABLE);
    Assumptions.assumeTrue(
        conf != null && !conf.isBlank(),
        CONF_VARIABLE
            + " is not set for this JVM: run the PKCS#11 tests through Maven (the testkit's"
            + " surefire configuration sets it) or export it to a writable path");
    try {
      Path confFile = Path.of(conf).toAbsolutePath();
      Path tokens = confFile.resolveSibling("tokens");
      deleteRecursively(tokens);
      Files.createDirectories(tokens);
      Files.writeString(
          confFile,
          "directories.tokendir = "
              + tokens
              + "\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n",
          StandardCharsets.UTF_8);
      String pin = randomDigits();
      String output =
          run(
              "softhsm2-util",
              "--init-token",
              "--free",
              "--label",
              "trustpipe-test",
              "--so-pin",
              randomDigits(),
              "--pin",
              pin);
      Matcher slot = SLOT.matcher(output);
      if (!slot.find()) {
        throw new IllegalStateException("softhsm2-util did not say which slot it used: " + output);
      }
      return new SoftHsmToken(library, Long.parseLong(slot.group(1)), pin);
    } catch (IOException e) {
      throw new IllegalStateException("cannot create the SoftHSM2 token", e);
    }
  }

  private static String run(String... command) throws IOException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IOException(command[0] + " failed: " + output.strip());
      }
      return output;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running " + command[0], e);
    }
  }

  private static boolean onPath(String program) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }

  private static String randomDigits() {
    byte[] bytes = new byte[6];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  private static void deleteRecursively(Path directory) throws IOException {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> files = Files.walk(directory)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    }
  }
}
