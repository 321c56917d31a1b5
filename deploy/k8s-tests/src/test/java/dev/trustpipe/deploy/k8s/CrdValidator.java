package dev.trustpipe.deploy.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Validates custom resources (Strimzi, CloudNativePG, KEDA) with {@code
 * src/test/node/validate-crds.mjs}, which uses the validators of the npm
 * {@code @kubernetes-models/*} packages pinned in src/test/node/package-lock.json. On first use it
 * copies that directory to {@code target/crd-validator} and runs {@code npm ci} there, unless
 * node_modules is already installed from the same lock file. An object of a kind the script has no
 * validator for is reported as a problem. Needs {@code node} and {@code npm} on the PATH ($NODE /
 * $NPM override them).
 */
final class CrdValidator {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> FILES =
      List.of("package.json", "package-lock.json", "validate-crds.mjs");

  private static Path installed;

  private CrdValidator() {}

  /** One problem per object that fails (prefixed with the object's id); empty if all pass. */
  static List<String> problems(List<? extends JsonNode> objects) {
    if (objects.isEmpty()) {
      return List.of();
    }
    Path dir = install();
    byte[] input;
    try {
      input = JSON.writeValueAsBytes(objects);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    Result result = run(dir, input, 120, node(), dir.resolve("validate-crds.mjs").toString());
    if (result.exit != 0 && result.exit != 1) {
      throw new IllegalStateException(
          "validate-crds.mjs exited " + result.exit + ": " + result.err + result.out);
    }
    List<String> lines = result.out.lines().toList();
    if (lines.size() != objects.size()) {
      throw new IllegalStateException(
          "validate-crds.mjs printed "
              + lines.size()
              + " lines for "
              + objects.size()
              + " objects: "
              + result.out
              + result.err);
    }
    List<String> problems = new ArrayList<>();
    for (String line : lines) {
      if (line.startsWith("error ")) {
        problems.add(line.substring("error ".length()));
      } else if (!line.startsWith("ok ")) {
        throw new IllegalStateException("validate-crds.mjs printed an unexpected line: " + line);
      }
    }
    if ((result.exit == 0) != problems.isEmpty()) {
      throw new IllegalStateException(
          "validate-crds.mjs exited " + result.exit + " but reported " + problems);
    }
    return problems;
  }

  private static synchronized Path install() {
    if (installed != null) {
      return installed;
    }
    Path source = Rendered.repoRoot().resolve("deploy/k8s-tests/src/test/node");
    String configured = System.getProperty("trustpipe.crd.validator.dir");
    Path dir = Path.of(configured != null ? configured : "target/crd-validator").toAbsolutePath();
    try {
      Files.createDirectories(dir);
      boolean upToDate =
          Files.isDirectory(dir.resolve("node_modules/@kubernetes-models"))
              && Files.exists(dir.resolve("package-lock.json"))
              && Arrays.equals(
                  Files.readAllBytes(source.resolve("package-lock.json")),
                  Files.readAllBytes(dir.resolve("package-lock.json")));
      for (String file : FILES) {
        Files.copy(source.resolve(file), dir.resolve(file), StandardCopyOption.REPLACE_EXISTING);
      }
      run(dir, null, 30, node(), "--version").requireSuccess(node() + " --version");
      if (!upToDate) {
        run(dir, null, 600, npm(), "ci", "--no-audit", "--no-fund")
            .requireSuccess("npm ci in " + dir);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot prepare " + dir + " from " + source, e);
    }
    installed = dir;
    return dir;
  }

  private static String node() {
    return System.getenv().getOrDefault("NODE", "node");
  }

  private static String npm() {
    return System.getenv().getOrDefault("NPM", "npm");
  }

  private record Result(int exit, String out, String err) {
    void requireSuccess(String what) {
      if (exit != 0) {
        throw new IllegalStateException(what + " exited " + exit + ": " + err + out);
      }
    }
  }

  private static Result run(Path dir, byte[] stdin, long timeoutSeconds, String... command) {
    Process process;
    try {
      process = new ProcessBuilder(command).directory(dir.toFile()).start();
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot run "
              + command[0]
              + ": the CRD checks need Node.js and npm on the PATH"
              + " (scripts/install-test-deps.sh installs Debian's nodejs and npm where node is"
              + " missing; $NODE and $NPM override the commands)",
          e);
    }
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      Thread outReader = new Thread(() -> copy(process.getInputStream(), out));
      Thread errReader = new Thread(() -> copy(process.getErrorStream(), err));
      outReader.start();
      errReader.start();
      try (OutputStream in = process.getOutputStream()) {
        if (stdin != null) {
          in.write(stdin);
        }
      }
      if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(String.join(" ", command) + " timed out");
      }
      outReader.join();
      errReader.join();
      return new Result(
          process.exitValue(),
          out.toString(StandardCharsets.UTF_8),
          err.toString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException(String.join(" ", command) + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void copy(InputStream in, ByteArrayOutputStream out) {
    try {
      in.transferTo(out);
    } catch (IOException ignored) {
      // the exit code tells
    }
  }
}
