package dev.trustpipe.tuf.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustpipe.tuf.crypto.SignatureVerifier;
import dev.trustpipe.tuf.testing.NotaryVectors;
import dev.trustpipe.tuf.testing.TestRepositories;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SignedMetadataTest {
  private static final String TIMESTAMP =
      new String(NotaryVectors.current("notary-ecdsa", "timestamp"), StandardCharsets.UTF_8);

  private static SignedMetadata parseTimestamp(String text) {
    return SignedMetadata.parse("timestamp", text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void exposesTheServedBytesAndTheirDigests() {
    byte[] bytes = NotaryVectors.current("notary-ecdsa", "timestamp");
    SignedMetadata timestamp = SignedMetadata.parse("timestamp", bytes);
    assertThat(timestamp.role()).isEqualTo("timestamp");
    assertThat(timestamp.version()).isEqualTo(12);
    assertThat(timestamp.expires()).isEqualTo(Instant.parse("2026-12-06T18:03:51.746124993Z"));
    assertThat(timestamp.length()).isEqualTo(bytes.length);
    assertThat(timestamp.sha256Hex())
        .isEqualTo(HexFormat.of().formatHex(dev.trustpipe.tuf.crypto.Digests.sha256(bytes)));
    assertThat(timestamp.hashes()).isEqualTo(Hashes.of(bytes));
    // what the snapshot of the same set says about itself
    SignedMetadata snapshot =
        SignedMetadata.parse("snapshot", NotaryVectors.current("notary-ecdsa", "snapshot"));
    assertThat(timestamp.timestamp().snapshot()).isEqualTo(snapshot.metaFile());
    assertThatThrownBy(timestamp::root).isInstanceOf(IllegalStateException.class);
    // the returned bytes are a copy
    timestamp.bytes()[0] = 'x';
    assertThat(timestamp.bytes()).isEqualTo(bytes);
  }

  @Test
  void bytesNeedNotBeCanonicalButSignaturesCoverTheCanonicalSignedValue() {
    // pretty-printed and reordered: still parses and the signature still verifies
    String reordered =
        TIMESTAMP
            .replace("{\"signed\":", "{ \"signatures\": [], \"signed\" :")
            .replaceFirst(",\"signatures\":\\[.*]}$", "}");
    SignedMetadata parsed = parseTimestamp(reordered);
    SignedMetadata original = parseTimestamp(TIMESTAMP);
    assertThat(parsed.signedBytes()).isEqualTo(original.signedBytes());
    assertThat(parsed.signatures()).isEmpty();
    assertThat(parsed.sha256Hex()).isNotEqualTo(original.sha256Hex());
  }

  @Test
  void theTypeMustFitTheRole() {
    assertThatThrownBy(
            () -> SignedMetadata.parse("snapshot", TIMESTAMP.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(MetadataFormatException.class)
        .hasMessageContaining("_type");
    byte[] targets = NotaryVectors.current("notary-ecdsa", "targets");
    assertThat(SignedMetadata.parse("targets/anything", targets).targets().version()).isEqualTo(7);
    assertThatThrownBy(() -> SignedMetadata.parse("Targets", targets))
        .isInstanceOf(MetadataFormatException.class);
    assertThatThrownBy(() -> SignedMetadata.parse("targets/../x", targets))
        .isInstanceOf(MetadataFormatException.class);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "[]",
        "{}",
        "{\"signed\":{},\"signatures\":[]}",
        "{\"signed\":{\"_type\":\"Timestamp\"},\"signatures\":[]}",
        "{\"signed\":{\"_type\":\"Timestamp\",\"expires\":\"2026-12-06T18:03:51Z\",\"meta\":{},\"version\":1},\"signatures\":[]}",
        "{\"signed\":{\"_type\":\"Timestamp\",\"expires\":\"2026-12-06 18:03:51Z\",\"meta\":{\"snapshot\":{\"hashes\":{\"sha256\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\"},\"length\":1}},\"version\":1},\"signatures\":[]}",
        "{\"signed\":{\"_type\":\"Timestamp\",\"expires\":\"2026-12-06T18:03:51Z\",\"meta\":{\"snapshot\":{\"hashes\":{\"sha256\":\"AAAA\"},\"length\":1}},\"version\":1},\"signatures\":[]}",
        "{\"signed\":{\"_type\":\"Timestamp\",\"expires\":\"2026-12-06T18:03:51Z\",\"meta\":{\"snapshot\":{\"hashes\":{\"sha256\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\"},\"length\":-1}},\"version\":1},\"signatures\":[]}",
        "{\"signed\":{\"_type\":\"Timestamp\",\"expires\":\"2026-12-06T18:03:51Z\",\"meta\":{\"snapshot\":{\"hashes\":{\"sha256\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\"},\"length\":1}},\"version\":0},\"signatures\":[]}",
        "{\"signed\":{\"_type\":\"Timestamp\",\"expires\":\"2026-12-06T18:03:51Z\",\"meta\":{\"snapshot\":{\"hashes\":{\"sha256\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\"},\"length\":1}},\"version\":1.5},\"signatures\":[]}",
        "{\"signed\":{\"_type\":\"Timestamp\",\"expires\":\"2026-12-06T18:03:51Z\",\"meta\":{\"snapshot\":{\"hashes\":{\"sha256\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\"},\"length\":1}},\"version\":99999999999},\"signatures\":[]}",
        "{\"signed\":{\"_type\":\"Timestamp\",\"expires\":\"2026-12-06T18:03:51Z\",\"meta\":{\"snapshot\":{\"hashes\":{\"sha256\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\"},\"length\":1}},\"version\":1},\"signatures\":[{\"keyid\":\"a\",\"method\":\"ecdsa\",\"sig\":\"!!\"}]}",
        "{\"signed\":{\"_type\":\"Timestamp\",\"expires\":\"2026-12-06T18:03:51Z\",\"meta\":{\"snapshot\":{\"hashes\":{\"sha256\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\"},\"length\":1}},\"version\":1},\"signatures\":null}"
      })
  void badDocumentsThrowOnlyMetadataFormatException(String document) {
    assertThatThrownBy(() -> parseTimestamp(document)).isInstanceOf(MetadataFormatException.class);
  }

  @Test
  void aMinimalValidTimestampParses() {
    SignedMetadata parsed =
        parseTimestamp(
            "{\"signed\":{\"_type\":\"Timestamp\",\"expires\":\"2026-12-06T19:03:51+01:00\",\"meta\":{\"snapshot\":{\"hashes\":{\"sha256\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\"},\"length\":1}},\"version\":1},\"signatures\":[]}");
    assertThat(parsed.expires()).isEqualTo(Instant.parse("2026-12-06T18:03:51Z"));
    assertThat(parsed.timestamp().snapshot().hashes().sha512()).isEmpty();
  }

  @Test
  void rootKeysMustHaveTheIdsTheyAreListedUnder() {
    String root =
        new String(NotaryVectors.current("notary-ecdsa", "root"), StandardCharsets.UTF_8)
            .replace(
                "\"1b5eb71fdb1b8367870e04b7a3657cb09475717f466966a5107678351d8d7ec4\":{",
                "\"00\":{");
    assertThatThrownBy(() -> SignedMetadata.parse("root", root.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(MetadataFormatException.class)
        .hasMessageContaining("has ID");
  }

  @Test
  void metadataSignerWritesNotarysEnvelopeAndSignsTheCanonicalSignedValue() {
    var signer = TestRepositories.signers().timestamp();
    Timestamp timestamp =
        new Timestamp(
            3,
            Instant.parse("2030-01-01T00:00:00.100Z"),
            new MetaFile(5, Hashes.of("hello".getBytes(StandardCharsets.UTF_8))));
    SignedMetadata signed = MetadataSigner.sign("timestamp", timestamp, signer);
    String text = new String(signed.bytes(), StandardCharsets.UTF_8);
    assertThat(text)
        .startsWith(
            "{\"signed\":{\"_type\":\"Timestamp\",\"expires\":\"2030-01-01T00:00:00.1Z\",\"meta\":{\"snapshot\":{\"hashes\":{\"sha256\":\"LPJNul+wow4m6DsqxbninhsWHlwfp0JecwQzYpOLmCQ=\",\"sha512\":\"m3HSJL1i83hdltRq0+o9czGb+8KJDKra4t/3JRlnPKcjI8PZm6XBHXx6zG4UuMXaDEZjR1wuXDre9G9zvN7AQw==\"},\"length\":5}},\"version\":3},\"signatures\":[{\"keyid\":\""
                + signer.key().keyId()
                + "\",\"method\":\"eddsa\",\"sig\":\"")
        .endsWith("\"}]}");
    assertThat(signed.timestamp()).isEqualTo(timestamp);
    MetadataSignature signature = signed.signatures().get(0);
    assertThat(
            SignatureVerifier.verify(
                signer.key(), signature.method(), signed.signedBytes(), signature.signature()))
        .isTrue();
    assertThatThrownBy(() -> MetadataSigner.sign("snapshot", timestamp, signer))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MetadataSigner.sign("timestamp", timestamp, List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void targetsKeepCustomValuesVerbatimAndOmitEmptyDelegationPaths() {
    String targets =
        "{\"signed\":{\"_type\":\"Targets\",\"delegations\":{\"keys\":{},\"roles\":[{\"keyids\":[],\"name\":\"targets/none\",\"threshold\":1}]},\"expires\":\"2029-11-21T18:03:49.01783058Z\",\"targets\":{\"t\":{\"custom\":{\"z\":[1,{\"b\":\"\\u00e9\"}],\"a\":null},\"hashes\":{\"sha256\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\"},\"length\":3}},\"version\":1},\"signatures\":[]}";
    SignedMetadata parsed =
        SignedMetadata.parse("targets", targets.getBytes(StandardCharsets.UTF_8));
    assertThat(parsed.targets().delegations().roles().get(0).paths()).isEmpty();
    assertThat(parsed.targets().targets().get("t").custom().get("z").get(1).get("b").textValue())
        .isEqualTo("é");
    assertThat(dev.trustpipe.tuf.json.CanonicalJson.encode(parsed.targets().toJson()))
        .isEqualTo(parsed.signedBytes());
    assertThat(Map.copyOf(parsed.targets().targets())).hasSize(1);
  }
}
