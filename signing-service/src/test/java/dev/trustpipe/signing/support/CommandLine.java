package dev.trustpipe.signing.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Function;

/**
 * Runs one of the command-line tools ({@code ./trustpipe keys}, {@code ./trustpipe oci-policy})
 * in-process against a running signing-service, as the script would, and returns what it printed.
 */
public final class CommandLine {
  private CommandLine() {}

  /** The {@code run} method every CLI class has. */
  @FunctionalInterface
  public interface Tool {
    int run(String[] args, Function<String, String> env, PrintStream out, PrintStream err);
  }

  /**
   * Runs {@code tool} with {@code TRUSTPIPE_NOTARY_URL} and {@code TRUSTPIPE_HOME} set; fails the
   * test, showing stderr, unless it exits 0.
   *
   * @return its standard output
   */
  public static String run(Tool tool, String notaryUrl, String home, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Map<String, String> env = Map.of("TRUSTPIPE_NOTARY_URL", notaryUrl, "TRUSTPIPE_HOME", home);
    int status =
        tool.run(
            args,
            env::get,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
    return out.toString(StandardCharsets.UTF_8);
  }
}
