package dev.trustpipe.tuf.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustpipe.tuf.json.CanonicalJson;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import org.junit.jupiter.api.Test;

class TufKeyTest {
  private static final String TIMESTAMP_KEY =
      "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEoeG0LX6ljV23r80LUCU0zOdaDzqyyVsxkgtouFO20QoZavpyAr6XnNRo0ofuWHuXZmfPRsOsi5UmdMIeRi4C0Q==";

  @Test
  void keyIdOfTheReadmeExample() {
    TufKey key = new TufKey(KeyType.ECDSA, TIMESTAMP_KEY);
    assertThat(key.keyId())
        .isEqualTo("395105d3f540475ae74168df22fbb25fdb52451534f6f35db1a1913aa71bd315");
    assertThat(CanonicalJson.encodeToString(key.toJson()))
        .isEqualTo(
            "{\"keytype\":\"ecdsa\",\"keyval\":{\"private\":null,\"public\":\""
                + TIMESTAMP_KEY
                + "\"}}");
  }

  @Test
  void ecdsaFactoryWritesGoSpkiAndRoundTrips() {
    TufKey vectorKey = new TufKey(KeyType.ECDSA, TIMESTAMP_KEY);
    TufKey rebuilt = TufKey.ecdsa(vectorKey.publicKey());
    assertThat(rebuilt).isEqualTo(vectorKey);
    assertThat(TufKey.of(vectorKey.publicKey())).isEqualTo(vectorKey);
  }

  @Test
  void ed25519KeysAreTheRaw32Bytes() {
    TufSigner signer = LocalSigners.generateEd25519(new SecureRandom());
    TufKey key = signer.key();
    assertThat(key.type()).isEqualTo(KeyType.ED25519);
    assertThat(key.publicBytes()).hasSize(32);
    assertThat(TufKey.ed25519(key.publicKey())).isEqualTo(key);
  }

  @Test
  void notaryKeyEndpointBodyPutsPublicBeforePrivate() {
    TufKey key = new TufKey(KeyType.ECDSA, TIMESTAMP_KEY);
    assertThat(key.toNotaryKeyJson())
        .isEqualTo(
            "{\"keytype\":\"ecdsa\",\"keyval\":{\"public\":\""
                + TIMESTAMP_KEY
                + "\",\"private\":null}}");
    // and reading it back gives the same key (member order is free on input)
    assertThat(
            TufKey.fromJson(
                CanonicalJson.parse(key.toNotaryKeyJson().getBytes(StandardCharsets.UTF_8))))
        .isEqualTo(key);
  }

  @Test
  void rejectsOtherCurvesPrivateMaterialAndUnknownTypes() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp384r1"));
    var p384 = generator.generateKeyPair().getPublic();
    assertThatThrownBy(() -> TufKey.ecdsa(p384)).isInstanceOf(KeyFormatException.class);

    String withPrivate =
        "{\"keytype\":\"ecdsa\",\"keyval\":{\"public\":\""
            + TIMESTAMP_KEY
            + "\",\"private\":\"AAAA\"}}";
    assertThatThrownBy(
            () ->
                TufKey.fromJson(CanonicalJson.parse(withPrivate.getBytes(StandardCharsets.UTF_8))))
        .isInstanceOf(KeyFormatException.class)
        .hasMessageNotContaining("AAAA");
    String unknown = "{\"keytype\":\"dsa\",\"keyval\":{\"public\":\"AAAA\",\"private\":null}}";
    assertThatThrownBy(
            () -> TufKey.fromJson(CanonicalJson.parse(unknown.getBytes(StandardCharsets.UTF_8))))
        .isInstanceOf(KeyFormatException.class);
    assertThatThrownBy(() -> new TufKey(KeyType.ECDSA, "not base64!"))
        .isInstanceOf(KeyFormatException.class);
    assertThatThrownBy(() -> new TufKey(KeyType.ED25519, "AAAA").publicKey())
        .isInstanceOf(KeyFormatException.class);
    assertThatThrownBy(() -> new TufKey(KeyType.ECDSA, "AAAA").publicKey())
        .isInstanceOf(KeyFormatException.class);
    assertThatThrownBy(() -> new TufKey(KeyType.ECDSA_X509, TIMESTAMP_KEY).certificate())
        .isInstanceOf(KeyFormatException.class);
  }

  @Test
  void x509KeysAndTheirBareKeyHoldTheSamePublicKey() {
    TufSigner signer = LocalSigners.generateEcdsa(new SecureRandom());
    TufKey certificateKey =
        TufKey.x509(
            SelfSignedCertificates.create(
                "example.com/app", signer, java.time.Clock.systemUTC(), new SecureRandom()));
    assertThat(certificateKey.type()).isEqualTo(KeyType.ECDSA_X509);
    assertThat(certificateKey.holdsSamePublicKey(signer.key())).isTrue();
    assertThat(certificateKey.canonicalKeyId()).isEqualTo(signer.key().keyId());
    assertThat(certificateKey.keyId()).isNotEqualTo(signer.key().keyId());
    assertThat(
            certificateKey.holdsSamePublicKey(LocalSigners.generateEcdsa(new SecureRandom()).key()))
        .isFalse();
  }
}
