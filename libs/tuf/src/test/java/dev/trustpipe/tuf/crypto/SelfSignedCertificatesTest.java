package dev.trustpipe.tuf.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustpipe.tuf.model.SignedMetadata;
import dev.trustpipe.tuf.testing.NotaryVectors;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.TBSCertificate;
import org.junit.jupiter.api.Test;

/** The root certificate we make has the shape of the one the real notary client made. */
class SelfSignedCertificatesTest {
  private static final Instant NOW = Instant.parse("2026-11-22T18:03:51.686668625Z");

  private static TBSCertificate tbs(X509Certificate certificate) throws Exception {
    return Certificate.getInstance(ASN1Primitive.fromByteArray(certificate.getEncoded()))
        .getTBSCertificate();
  }

  private static X509Certificate notaryRootCertificate() {
    return SignedMetadata.parse("root", NotaryVectors.current("notary-ecdsa", "root"))
        .root()
        .keysOf("root")
        .get(0)
        .certificate();
  }

  @Test
  void matchesTheRealNotaryRootCertificateFieldForField() throws Exception {
    TufSigner signer = LocalSigners.generateEcdsa(new SecureRandom());
    X509Certificate ours =
        SelfSignedCertificates.create(
            NotaryVectors.GUN, signer, Clock.fixed(NOW, ZoneOffset.UTC), new SecureRandom());
    X509Certificate notary = notaryRootCertificate();
    TBSCertificate a = tbs(ours);
    TBSCertificate b = tbs(notary);

    assertThat(a.getVersionNumber()).isEqualTo(b.getVersionNumber()).isEqualTo(3);
    assertThat(a.getSignature().getEncoded()).isEqualTo(b.getSignature().getEncoded());
    assertThat(a.getIssuer().getEncoded()).isEqualTo(b.getIssuer().getEncoded());
    assertThat(a.getSubject().getEncoded()).isEqualTo(b.getSubject().getEncoded());
    assertThat(a.getExtensions().getEncoded()).isEqualTo(b.getExtensions().getEncoded());
    // same validity as notary's cert, which was made in the same second
    assertThat(a.getStartDate().getEncoded()).isEqualTo(b.getStartDate().getEncoded());
    assertThat(a.getEndDate().getEncoded()).isEqualTo(b.getEndDate().getEncoded());
    assertThat(a.getSubjectPublicKeyInfo().getEncoded()).isEqualTo(signer.key().publicBytes());
    assertThat(ours.getSerialNumber().signum()).isPositive();
    assertThat(ours.getSerialNumber().bitLength()).isLessThanOrEqualTo(128);
    assertThat(ours.getBasicConstraints()).isEqualTo(-1);
    assertThat(ours.getKeyUsage()[0]).isTrue(); // digitalSignature
    assertThat(ours.getKeyUsage()[2]).isTrue(); // keyEncipherment
    assertThat(ours.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.3");
    ours.verify(signer.key().publicKey());
  }

  @Test
  void validityIsTenYearsOf365DaysFromTheCurrentSecond() {
    X509Certificate certificate =
        SelfSignedCertificates.create(
            "x",
            LocalSigners.generateEcdsa(new SecureRandom()),
            Clock.fixed(NOW, ZoneOffset.UTC),
            new SecureRandom());
    Instant start = Instant.parse("2026-11-22T18:03:51Z");
    assertThat(certificate.getNotBefore().toInstant()).isEqualTo(start);
    assertThat(certificate.getNotAfter().toInstant()).isEqualTo(start.plus(Duration.ofDays(3650)));
  }

  @Test
  void signsOnlyThroughTheSigner() {
    TufSigner local = LocalSigners.generateEcdsa(new SecureRandom());
    AtomicInteger calls = new AtomicInteger();
    TufSigner counting =
        new TufSigner() {
          @Override
          public TufKey key() {
            return local.key();
          }

          @Override
          public SignatureMethod method() {
            return SignatureMethod.ECDSA;
          }

          @Override
          public byte[] sign(byte[] message) {
            calls.incrementAndGet();
            return local.sign(message);
          }
        };
    SelfSignedCertificates.create("gun", counting, NOW, Duration.ofDays(1), BigInteger.TEN);
    assertThat(calls).hasValue(1);
  }

  @Test
  void refusesASignerWhoseSignatureDoesNotVerify() {
    TufSigner local = LocalSigners.generateEcdsa(new SecureRandom());
    TufSigner liar =
        new TufSigner() {
          @Override
          public TufKey key() {
            return local.key();
          }

          @Override
          public SignatureMethod method() {
            return SignatureMethod.ECDSA;
          }

          @Override
          public byte[] sign(byte[] message) {
            return LocalSigners.generateEcdsa(new SecureRandom()).sign(message);
          }
        };
    assertThatThrownBy(
            () ->
                SelfSignedCertificates.create("gun", liar, NOW, Duration.ofDays(1), BigInteger.TEN))
        .isInstanceOf(TufSigningException.class);
    assertThatThrownBy(
            () ->
                SelfSignedCertificates.create(
                    "gun",
                    LocalSigners.generateEd25519(new SecureRandom()),
                    NOW,
                    Duration.ofDays(1),
                    BigInteger.TEN))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void commonNamesGoCannotWriteAsPrintableStringBecomeUtf8() throws Exception {
    TufSigner signer = LocalSigners.generateEcdsa(new SecureRandom());
    for (String gun : List.of("registry.example.com/team/my_app", "localhost:5000/demo/app")) {
      X509Certificate certificate =
          SelfSignedCertificates.create(gun, signer, NOW, Duration.ofDays(1), BigInteger.ONE);
      byte tag =
          tbs(certificate)
              .getSubject()
              .getRDNs()[0]
              .getFirst()
              .getValue()
              .toASN1Primitive()
              .getEncoded()[0];
      assertThat(tag).isEqualTo(gun.contains("_") ? (byte) 0x0c : (byte) 0x13);
      assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=" + gun);
    }
  }
}
