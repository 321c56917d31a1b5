package dev.trustpipe.signing.oci;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trustpipe.contracts.Digest;
import java.nio.charset.StandardCharsets;

/**
 * The "simple signing" payload a sigstore-format signature signs (containers/image's {@code
 * sigstoreSigned} policy and cosign read it): the image's name as clients pull it and its manifest
 * digest. The bytes are deterministic for one (reference, digest), so a re-delivered push yields
 * the same payload, the same layer digest, and is recognised as signed already.
 *
 * <p>{@code optional} must be present ({@code null} is accepted) and {@code critical} must hold
 * exactly these keys: containers/image refuses a payload without {@code optional} or with an
 * unknown critical key (vectors/sigstore/README.md).
 */
public final class SimpleSigningPayload {
  public static final String MEDIA_TYPE = "application/vnd.dev.cosign.simplesigning.v1+json";
  static final String TYPE = "cosign container image signature";
  private static final ObjectMapper JSON = new ObjectMapper();

  private SimpleSigningPayload() {}

  /**
   * @param dockerReference {@code host[:port]/repository:tag}, exactly as clients name the image
   *     (containers/image compares it with the pulled name under {@code matchRepoDigestOrExact})
   * @param manifestDigest the digest of the manifest signed, {@code sha256:<hex>}
   */
  public static byte[] of(String dockerReference, String manifestDigest) {
    Digest.of(manifestDigest);
    if (dockerReference == null || dockerReference.isBlank() || dockerReference.contains("@")) {
      throw new IllegalArgumentException(
          "docker reference must be host/repository:tag, was " + dockerReference);
    }
    ObjectNode payload = JSON.createObjectNode();
    ObjectNode critical = payload.putObject("critical");
    critical.putObject("identity").put("docker-reference", dockerReference);
    critical.putObject("image").put("docker-manifest-digest", manifestDigest);
    critical.put("type", TYPE);
    payload.putNull("optional");
    try {
      return JSON.writeValueAsString(payload).getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of strings always serialises", e);
    }
  }
}
