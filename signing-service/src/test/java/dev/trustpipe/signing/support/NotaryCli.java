package dev.trustpipe.signing.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real Debian {@code notary} CLI against a TrustPipe server, each call with a fresh trust
 * dir, or, {@link #withTrustDir}, with one that keeps the client's cache between calls.
 */
public final class NotaryCli {
  private final String serverUrl;
  private final Path caCertificate;
  private final Path trustDir;

  public NotaryCli(String serverUrl, Path caCertificate) {
    this(serverUrl, caCertificate, null);
  }

  private NotaryCli(String serverUrl, Path caCertificate, Path trustDir) {
    this.serverUrl = serverUrl;
    this.caCertificate = caCertificate;
    this.trustDir = trustDir;
  }

  /** A client that keeps its trust dir (TUF cache, trusted root) in {@code trustDir}. */
  public NotaryCli withTrustDir(Path trustDir) {
    return new NotaryCli(serverUrl, caCertificate, trustDir);
  }

  /** One line of {@code notary list}: NAME, DIGEST (hex sha256), SIZE, ROLE. */
  public record ListedTarget(String name, String digestHex, long size, String role) {}

  public record Result(int exitCode, String output) {
    public Result requireSuccess() {
      if (exitCode != 0) {
        throw new AssertionError("notary exited " + exitCode + ":\n" + output);
      }
      return this;
    }
  }

  public List<ListedTarget> list(String gun) throws IOException, InterruptedException {
    Result result = run("list", gun).requireSuccess();
    List<ListedTarget> targets = new ArrayList<>();
    for (String line : result.output().split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (f.length == 4 && f[1].matches("[0-9a-f]{64}")) {
        targets.add(new ListedTarget(f[0], f[1], Long.parseLong(f[2]), f[3]));
      }
    }
    return targets;
  }

  public Result run(String... args) throws IOException, InterruptedException {
    Path trustDir =
        this.trustDir != null ? this.trustDir : Files.createTempDirectory("notary-trust");
    List<String> command = new ArrayList<>();
    command.addAll(
        List.of(
            "notary",
            "-s",
            serverUrl,
            "--tlscacert",
            caCertificate.toString(),
            "-d",
            trustDir.toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("notary " + String.join(" ", args) + " timed out");
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Result(process.exitValue(), output);
  }
}
