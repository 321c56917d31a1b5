package dev.trustpipe.tuf.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERSequence;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SignersAndVerifierTest {
  private static final byte[] MESSAGE =
      "{\"_type\":\"Timestamp\",\"version\":1}".getBytes(StandardCharsets.UTF_8);
  private static TufSigner ecdsa;
  private static TufSigner ed25519;
  private static TufSigner rsa;

  @BeforeAll
  static void generateKeys() {
    SecureRandom random = new SecureRandom();
    ecdsa = LocalSigners.generateEcdsa(random);
    ed25519 = LocalSigners.generateEd25519(random);
    rsa = LocalSigners.generateRsaPss(2048, random);
  }

  @Test
  void ecdsaSignaturesAreDeterministicRaw64Bytes() {
    byte[] signature = ecdsa.sign(MESSAGE);
    assertThat(signature).hasSize(64);
    assertThat(ecdsa.sign(MESSAGE)).isEqualTo(signature); // RFC 6979
    assertThat(ecdsa.method()).isEqualTo(SignatureMethod.ECDSA);
    assertThat(SignatureVerifier.verify(ecdsa.key(), SignatureMethod.ECDSA, MESSAGE, signature))
        .isTrue();
    assertThat(SignatureVerifier.verify(ecdsa.key(), "ECDSA", MESSAGE, signature)).isTrue();
  }

  @Test
  void ecdsaVerificationRefusesDerAndWrongLengths() throws Exception {
    byte[] raw = ecdsa.sign(MESSAGE);
    byte[] der =
        new DERSequence(
                new ASN1Integer[] {
                  new ASN1Integer(new BigInteger(1, Arrays.copyOfRange(raw, 0, 32))),
                  new ASN1Integer(new BigInteger(1, Arrays.copyOfRange(raw, 32, 64)))
                })
            .getEncoded();
    assertThat(SignatureVerifier.verify(ecdsa.key(), SignatureMethod.ECDSA, MESSAGE, der))
        .isFalse();
    assertThat(
            SignatureVerifier.verify(
                ecdsa.key(), SignatureMethod.ECDSA, MESSAGE, Arrays.copyOf(raw, 63)))
        .isFalse();
    assertThat(SignatureVerifier.verify(ecdsa.key(), SignatureMethod.ECDSA, MESSAGE, new byte[64]))
        .isFalse();
  }

  @Test
  void ed25519AndRsaPssSignAndVerify() {
    byte[] edSignature = ed25519.sign(MESSAGE);
    assertThat(edSignature).hasSize(64);
    assertThat(SignatureVerifier.verify(ed25519.key(), "eddsa", MESSAGE, edSignature)).isTrue();
    byte[] rsaSignature = rsa.sign(MESSAGE);
    assertThat(rsaSignature).hasSize(256);
    assertThat(rsa.key().type()).isEqualTo(KeyType.RSA);
    assertThat(SignatureVerifier.verify(rsa.key(), "rsapss", MESSAGE, rsaSignature)).isTrue();
  }

  @Test
  void signaturesFailForOtherMessagesKeysAndMethods() {
    byte[] other = "{}".getBytes(StandardCharsets.UTF_8);
    for (TufSigner signer : List.of(ecdsa, ed25519, rsa)) {
      byte[] signature = signer.sign(MESSAGE);
      assertThat(SignatureVerifier.verify(signer.key(), signer.method(), other, signature))
          .as(signer.toString())
          .isFalse();
      byte[] flipped = signature.clone();
      flipped[5] ^= 0x10;
      assertThat(SignatureVerifier.verify(signer.key(), signer.method(), MESSAGE, flipped))
          .isFalse();
      assertThat(SignatureVerifier.verify(signer.key(), "unknown", MESSAGE, signature)).isFalse();
    }
    // method must suit the key type
    assertThat(SignatureVerifier.verify(ecdsa.key(), "eddsa", MESSAGE, ecdsa.sign(MESSAGE)))
        .isFalse();
    assertThat(SignatureVerifier.verify(ed25519.key(), "ecdsa", MESSAGE, ed25519.sign(MESSAGE)))
        .isFalse();
    // a signature by another key of the same type
    TufSigner another = LocalSigners.generateEcdsa(new SecureRandom());
    assertThat(SignatureVerifier.verify(ecdsa.key(), "ecdsa", MESSAGE, another.sign(MESSAGE)))
        .isFalse();
  }

  @Test
  void rsaKeysBelow2048BitsNeverVerify() {
    TufSigner weak = LocalSigners.generateRsaPss(1024, new SecureRandom());
    assertThat(SignatureVerifier.verify(weak.key(), "rsapss", MESSAGE, weak.sign(MESSAGE)))
        .isFalse();
  }

  @Test
  void signAllSignsEachMessage() {
    List<byte[]> messages = List.of(MESSAGE, "x".getBytes(StandardCharsets.UTF_8));
    List<byte[]> signatures = ed25519.signAll(messages);
    assertThat(signatures).hasSize(2);
    for (int i = 0; i < 2; i++) {
      assertThat(
              SignatureVerifier.verify(
                  ed25519.key(), ed25519.method(), messages.get(i), signatures.get(i)))
          .isTrue();
    }
  }

  @Test
  void toStringShowsTheKeyIdOnly() {
    assertThat(ecdsa.toString()).contains(ecdsa.key().keyId()).doesNotContain("Private");
    assertThat(ecdsa.toString()).hasSizeLessThan(120);
  }

  @Test
  void withKeyNeedsTheSamePublicKey() {
    TufKey certificate =
        TufKey.x509(
            SelfSignedCertificates.create(
                "gun", ecdsa, java.time.Clock.systemUTC(), new SecureRandom()));
    TufSigner presented = ecdsa.withKey(certificate);
    assertThat(presented.key()).isEqualTo(certificate);
    assertThat(SignatureVerifier.verify(certificate, "ecdsa", MESSAGE, presented.sign(MESSAGE)))
        .isTrue();
    assertThatThrownBy(() -> ed25519.withKey(certificate))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
