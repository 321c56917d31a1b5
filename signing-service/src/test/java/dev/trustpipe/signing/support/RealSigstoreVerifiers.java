package dev.trustpipe.signing.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real sigstore verifiers: Debian 13's skopeo 1.18 (containers/image with sigstore enabled;
 * Debian 12's has it patched out) and cosign 2.5, unpacked from Debian's packages by {@code
 * scripts/get-real-verifiers.sh} into {@code ~/.cache/trustpipe/sigstore-verifiers} on first use.
 */
public final class RealSigstoreVerifiers {
  private final Path dir;

  /** What a verifier printed and how it exited. */
  public record Run(int exitCode, String output) {
    public boolean accepted() {
      return exitCode == 0;
    }
  }

  private RealSigstoreVerifiers(Path dir) {
    this.dir = dir;
  }

  /** Fetches them when missing (about 10 s from the machine's Debian mirror). */
  public static RealSigstoreVerifiers get() throws IOException, InterruptedException {
    Path dir =
        Path.of(System.getProperty("user.home"), ".cache", "trustpipe", "sigstore-verifiers");
    Path script = projectRoot().resolve("scripts/get-real-verifiers.sh");
    Run install = run(List.of("bash", script.toString(), dir.toString()), 600);
    if (!install.accepted()) {
      throw new IllegalStateException(
          "could not get the real skopeo and cosign (" + script + "):\n" + install.output());
    }
    return new RealSigstoreVerifiers(dir);
  }

  /**
   * {@code skopeo copy} of {@code docker://<reference>} into a fresh directory under the policy and
   * registries.d in {@code config} ({@code policy.json}, {@code registries.d/}).
   */
  public Run skopeoCopy(Path config, String reference, boolean all, Path scratch)
      throws IOException, InterruptedException {
    Path target = Files.createTempDirectory(scratch, "copy");
    List<String> command = new ArrayList<>();
    command.add(dir.resolve("skopeo").toString());
    command.addAll(
        List.of(
            "--policy",
            config.resolve("policy.json").toString(),
            "--registries.d",
            config.resolve("registries.d").toString(),
            "copy",
            "--src-tls-verify=false"));
    if (all) {
      command.add("--all");
    }
    command.add("docker://" + reference);
    command.add("dir:" + target);
    return run(command, 120);
  }

  /** {@code cosign verify --key} against a registry reached over plain HTTP, without Rekor. */
  public Run cosignVerify(Path publicKeyPem, String reference)
      throws IOException, InterruptedException {
    return run(
        List.of(
            dir.resolve("cosign").toString(),
            "verify",
            "--key",
            publicKeyPem.toString(),
            "--allow-http-registry",
            "--insecure-ignore-tlog=true",
            reference),
        120);
  }

  private static Run run(List<String> command, int timeoutSeconds)
      throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    process.getOutputStream().close();
    byte[] output = process.getInputStream().readAllBytes();
    if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException(
          command.get(0) + " did not finish in " + timeoutSeconds + " s");
    }
    return new Run(process.exitValue(), new String(output, StandardCharsets.UTF_8));
  }

  private static Path projectRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("scripts/get-real-verifiers.sh"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException(
          "scripts/get-real-verifiers.sh not found above the build dir");
    }
    return dir;
  }
}
