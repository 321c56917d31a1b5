package dev.trustpipe.signing.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import org.junit.jupiter.api.Test;

class SimpleSigningPayloadTest {

  @Test
  void isByteForByteThePayloadTheRealVerifiersAccepted() throws Exception {
    byte[] payload =
        SimpleSigningPayload.of(
            SigstoreVectors.HANDMADE_REFERENCE, SigstoreVectors.HANDMADE_DIGEST);

    byte[] vector = SigstoreVectors.bytes("payload.json");
    assertThat(new String(payload, StandardCharsets.UTF_8))
        .isEqualTo(new String(vector, StandardCharsets.UTF_8));
    // and the vector's signature (made with openssl over these bytes) verifies over ours
    Signature verifier = Signature.getInstance("SHA256withECDSA");
    verifier.initVerify(
        SigstoreVectors.publicKey(
            new String(SigstoreVectors.bytes("ec-p256.pub.pem"), StandardCharsets.US_ASCII)));
    verifier.update(payload);
    assertThat(verifier.verify(SigstoreVectors.bytes("signature.der"))).isTrue();
  }

  @Test
  void hasExactlyTheCriticalKeysContainersImageRequiresAndAnOptionalMember() throws Exception {
    JsonNode payload =
        new ObjectMapper()
            .readTree(SimpleSigningPayload.of("registry.example.com/team/app:1.0", digest('a')));

    assertThat(payload.fieldNames()).toIterable().containsExactly("critical", "optional");
    assertThat(payload.get("critical").fieldNames())
        .toIterable()
        .containsExactly("identity", "image", "type");
    assertThat(payload.at("/critical/identity/docker-reference").asText())
        .isEqualTo("registry.example.com/team/app:1.0");
    assertThat(payload.at("/critical/image/docker-manifest-digest").asText())
        .isEqualTo(digest('a'));
    assertThat(payload.at("/critical/type").asText()).isEqualTo("cosign container image signature");
    assertThat(payload.has("optional")).isTrue();
  }

  @Test
  void isDeterministicSoThatAReplayFindsItsLayer() {
    assertThat(SimpleSigningPayload.of("h.example/r:t", digest('b')))
        .isEqualTo(SimpleSigningPayload.of("h.example/r:t", digest('b')))
        .isNotEqualTo(SimpleSigningPayload.of("h.example/r:u", digest('b')));
  }

  @Test
  void refusesADigestReferenceOrABadDigest() {
    assertThatThrownBy(() -> SimpleSigningPayload.of("h.example/r@" + digest('c'), digest('c')))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SimpleSigningPayload.of("h.example/r:t", "sha256:xyz"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static String digest(char c) {
    return "sha256:" + String.valueOf(c).repeat(64);
  }
}
