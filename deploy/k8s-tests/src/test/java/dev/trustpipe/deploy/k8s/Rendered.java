package dev.trustpipe.deploy.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Renders an overlay with {@code kubectl kustomize} and reads the objects it prints. */
final class Rendered {

  static final ObjectMapper YAML = new YAMLMapper();

  private Rendered() {}

  static Path repoRoot() {
    String configured = System.getProperty("trustpipe.repo.root");
    Path start = Path.of(configured != null ? configured : "").toAbsolutePath().normalize();
    for (Path p = start; p != null; p = p.getParent()) {
      if (Files.isDirectory(p.resolve("deploy/k8s/base"))) {
        return p;
      }
    }
    throw new IllegalStateException("no deploy/k8s/base above " + start);
  }

  /** {@code kubectl kustomize deploy/k8s/overlays/<overlay>}; fails with kubectl's own error. */
  static List<ObjectNode> overlay(String overlay) {
    Path dir = repoRoot().resolve("deploy/k8s/overlays").resolve(overlay);
    return parse(kustomize(dir));
  }

  static String kustomize(Path dir) {
    String kubectl = System.getenv().getOrDefault("KUBECTL", "kubectl");
    try {
      Process process =
          new ProcessBuilder(kubectl, "kustomize", dir.toString())
              .redirectErrorStream(false)
              .start();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      Thread errReader = new Thread(() -> copy(process.getErrorStream(), err));
      errReader.start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("kubectl kustomize " + dir + " timed out");
      }
      errReader.join();
      if (process.exitValue() != 0) {
        throw new IllegalStateException(
            "kubectl kustomize "
                + dir
                + " exited "
                + process.exitValue()
                + ": "
                + err.toString(StandardCharsets.UTF_8));
      }
      return out;
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot run " + kubectl + " (scripts/install-test-deps.sh installs it)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static List<ObjectNode> parse(String yaml) {
    List<ObjectNode> objects = new ArrayList<>();
    try (var parser = new YAMLFactory().createParser(yaml)) {
      var it = YAML.readValues(parser, JsonNode.class);
      while (it.hasNext()) {
        JsonNode node = it.next();
        if (node != null && node.isObject()) {
          objects.add((ObjectNode) node);
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("kustomize printed unreadable YAML", e);
    }
    return objects;
  }

  static String id(JsonNode object) {
    return object.path("apiVersion").asText()
        + "/"
        + object.path("kind").asText()
        + " "
        + object.path("metadata").path("name").asText();
  }

  static List<ObjectNode> ofKind(List<ObjectNode> objects, String kind) {
    return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
  }

  static ObjectNode named(List<ObjectNode> objects, String kind, String name) {
    return ofKind(objects, kind).stream()
        .filter(o -> name.equals(o.path("metadata").path("name").asText()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + " " + name));
  }

  private static void copy(InputStream in, ByteArrayOutputStream out) {
    try {
      in.transferTo(out);
    } catch (IOException ignored) {
      // the exit code tells
    }
  }
}
