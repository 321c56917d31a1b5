package dev.trustpipe.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The notary-ecdsa vectors copied into this jar (see vectors/README.md). */
final class Vectors {
  static final String SET = "/vectors/notary-ecdsa/metadata/";

  private Vectors() {}

  /** {@code path} relative to the set's metadata directory, e.g. {@code targets/qa.json}. */
  static byte[] read(String path) {
    try (InputStream in = Vectors.class.getResourceAsStream(SET + path)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + SET + path);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] current(String role) {
    return read(role + ".json");
  }
}
