package dev.trustpipe.signing.oci;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/** The sigstore vectors in src/test/resources/vectors/sigstore (origin in its README.md). */
final class SigstoreVectors {
  static final String HANDMADE_REFERENCE = "127.0.0.1:5000/demo/app:v2";
  static final String HANDMADE_DIGEST =
      "sha256:8f5f22f5a609cafe131fc5294f133b840677c793e539d57c85e379d9688bd8d3";

  private SigstoreVectors() {}

  static byte[] bytes(String name) {
    String resource = "vectors/sigstore/" + name;
    try (InputStream in = SigstoreVectors.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing " + resource);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static PublicKey publicKey(String pem) throws Exception {
    String base64 =
        pem.replace("-----BEGIN PUBLIC KEY-----", "")
            .replace("-----END PUBLIC KEY-----", "")
            .replaceAll("\\s", "");
    return KeyFactory.getInstance("EC")
        .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
  }
}
