package dev.trustpipe.tuf.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The metadata captured from the real notary 0.7.0 (classpath {@code /vectors/<set>/}). Each file
 * with the role it belongs to, derived from its path as the vectors' README describes.
 */
public final class NotaryVectors {
  public static final List<String> SETS = List.of("notary-ecdsa", "notary-ed25519");
  public static final String GUN = "localhost:5000/demo/app";
  public static final String CLIENT_CACHE = "client-cache-tuf/localhost:5000/demo/app/metadata";

  private static final Pattern HISTORY = Pattern.compile("(\\d+)\\.([a-z_]+)\\.json");

  private NotaryVectors() {}

  /** One metadata file of a set. {@code path} is relative to the set, e.g. metadata/root.json. */
  public record VectorFile(String set, String path, String role, Integer historyVersion) {
    public byte[] bytes() {
      return read(set + "/" + path);
    }

    @Override
    public String toString() {
      return set + "/" + path;
    }
  }

  public static byte[] read(String pathInVectors) {
    String resource = "/vectors/" + pathInVectors;
    try (InputStream in = NotaryVectors.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("missing test resource " + resource);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every metadata file of every set: current, history and the client's cache. */
  public static Stream<VectorFile> allMetadataFiles() {
    return SETS.stream().flatMap(NotaryVectors::metadataFiles);
  }

  public static Stream<VectorFile> metadataFiles(String set) {
    Path base = setDirectory(set);
    try (Stream<Path> walk = Files.walk(base)) {
      return walk
          .filter(p -> p.toString().endsWith(".json"))
          .map(p -> base.relativize(p).toString().replace('\\', '/'))
          .filter(p -> p.startsWith("metadata/") || p.startsWith("client-cache-tuf/"))
          .sorted()
          .map(p -> toVectorFile(set, p))
          .toList()
          .stream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The vector set names, as a JUnit method source. */
  public static Stream<String> sets() {
    return SETS.stream();
  }

  /** Current files (what the server served last) of a set, by role. */
  public static byte[] current(String set, String role) {
    return read(set + "/metadata/" + role + ".json");
  }

  private static VectorFile toVectorFile(String set, String path) {
    String name = path.substring(path.lastIndexOf('/') + 1);
    if (path.startsWith("metadata/history/")) {
      Matcher m = HISTORY.matcher(name);
      if (!m.matches()) {
        throw new IllegalStateException("unexpected history file " + path);
      }
      // "/" in delegation names is written "_" in history file names
      return new VectorFile(
          set, path, m.group(2).replaceFirst("_", "/"), Integer.valueOf(m.group(1)));
    }
    String dir = path.startsWith("metadata/") ? "metadata/" : CLIENT_CACHE + "/";
    String role = path.substring(dir.length(), path.length() - ".json".length());
    return new VectorFile(set, path, role, null);
  }

  private static Path setDirectory(String set) {
    URL url = NotaryVectors.class.getResource("/vectors/" + set);
    if (url == null) {
      throw new IllegalStateException("vectors " + set + " not on the test classpath");
    }
    try {
      return Paths.get(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
