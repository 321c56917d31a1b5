package dev.trustpipe.signing.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class SignatureManifestTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void oneSignatureOnAnEmptyManifestIsTheManifestTheRealVerifiersAccepted() throws Exception {
    JsonNode vector = JSON.readTree(SigstoreVectors.bytes("manifest.json"));
    String signature =
        vector.at("/layers/0/annotations").get(SignatureManifest.SIGNATURE_ANNOTATION).asText();
    byte[] payload = SigstoreVectors.bytes("payload.json");

    SignatureManifest manifest =
        SignatureManifest.empty().withSignature(sha256(payload), payload.length, signature);

    assertThat(JSON.readTree(manifest.bytes())).isEqualTo(vector);
    assertThat(manifest.signatureCount()).isEqualTo(1);
    assertThat(manifest.hasPayload(sha256(payload))).isTrue();
  }

  @Test
  void appendingKeepsAnotherToolsLayerAndConfigExactly() throws Exception {
    byte[] skopeo = SigstoreVectors.bytes("skopeo-sig-manifest.json");
    JsonNode before = JSON.readTree(skopeo);

    SignatureManifest appended =
        SignatureManifest.parse(skopeo).withSignature("sha256:" + "c".repeat(64), 242, "MEUC");

    JsonNode after = JSON.readTree(appended.bytes());
    assertThat(after.get("config")).isEqualTo(before.get("config"));
    assertThat(after.get("layers").get(0)).isEqualTo(before.get("layers").get(0));
    assertThat(after.get("layers")).hasSize(2);
    assertThat(after.at("/layers/1/mediaType").asText())
        .isEqualTo("application/vnd.dev.cosign.simplesigning.v1+json");
    assertThat(appended.configDigest()).isEqualTo(before.at("/config/digest").asText());
  }

  @Test
  void aDockerSchema2SigIsRewrittenAsOciKeepingItsLayers() throws Exception {
    String docker =
        "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.docker.distribution.manifest.v2+json\","
            + "\"config\":{\"mediaType\":\"application/vnd.docker.container.image.v1+json\","
            + "\"digest\":\"sha256:"
            + "d".repeat(64)
            + "\",\"size\":2},\"layers\":[{\"mediaType\":\"application/vnd.dev.cosign.simplesigning.v1+json\","
            + "\"digest\":\"sha256:"
            + "e".repeat(64)
            + "\",\"size\":9}]}";
    SignatureManifest manifest = SignatureManifest.parse(docker.getBytes(StandardCharsets.UTF_8));

    assertThat(JSON.readTree(manifest.bytes()).get("mediaType").asText())
        .isEqualTo(SignatureManifest.MEDIA_TYPE);
    assertThat(manifest.hasPayload("sha256:" + "e".repeat(64))).isTrue();
  }

  @Test
  void aManifestItCannotReadIsRefusedNotOverwritten() {
    for (String bad :
        new String[] {
          "",
          "[]",
          "null",
          "{\"layers\":[]}",
          "{\"config\":{},\"layers\":{}}",
          "{\"config\":{},\"layers\":[{\"digest\":\"md5:x\"}]}",
          "{\"config\":{},\"layers\":[1]}"
        }) {
      assertThatThrownBy(() -> SignatureManifest.parse(bad.getBytes(StandardCharsets.UTF_8)))
          .as(bad)
          .isInstanceOf(InvalidSignatureManifestException.class);
    }
  }

  @Test
  void theTagNamesTheSignedDigest() {
    assertThat(SignatureManifest.tagFor("sha256:" + "0a".repeat(32)))
        .isEqualTo("sha256-" + "0a".repeat(32) + ".sig");
    assertThatThrownBy(() -> SignatureManifest.tagFor("sha512:" + "0".repeat(128)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theEmptyConfigDigestIsTheDigestOfItsContent() throws Exception {
    assertThat(sha256(SignatureManifest.EMPTY_CONFIG))
        .isEqualTo(SignatureManifest.EMPTY_CONFIG_DIGEST);
  }

  private static String sha256(byte[] bytes) throws Exception {
    return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
