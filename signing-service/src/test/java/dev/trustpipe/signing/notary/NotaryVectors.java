package dev.trustpipe.signing.notary;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

/**
 * The repository the real notary tools produced ({@code libs/tuf} test vectors, GUN {@code
 * localhost:5000/demo/app}), loaded into an {@link InMemoryTrustMetadataReader}.
 */
final class NotaryVectors {

  static final String GUN = "localhost:5000/demo/app";
  static final Path ECDSA = Path.of("../libs/tuf/src/test/resources/vectors/notary-ecdsa");

  private NotaryVectors() {}

  /** Loads every stored version ({@code metadata/history}) and the server keys. */
  static void load(InMemoryTrustMetadataReader reader, Instant lastModified) {
    Path history = ECDSA.resolve("metadata/history");
    try (Stream<Path> files = Files.list(history)) {
      for (Path file : files.sorted().toList()) {
        String name = file.getFileName().toString();
        int dot = name.indexOf('.');
        int version = Integer.parseInt(name.substring(0, dot));
        String role = name.substring(dot + 1, name.length() - ".json".length()).replace('_', '/');
        reader.put(GUN, role, version, Files.readAllBytes(file), lastModified);
      }
      for (String role : List.of("timestamp", "snapshot")) {
        reader.putServerKey(
            GUN,
            role,
            Files.readString(
                    ECDSA.resolve("server-keys/" + role + ".key.json"), StandardCharsets.UTF_8)
                .strip());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] current(String role) {
    try {
      return Files.readAllBytes(ECDSA.resolve("metadata/" + role + ".json"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
