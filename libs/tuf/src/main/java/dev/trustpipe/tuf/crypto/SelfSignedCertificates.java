package dev.trustpipe.tuf.crypto;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Date;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;

/**
 * The self-signed root certificate the notary client makes ({@code ecdsa-x509} root keys), field
 * for field: X.509 v3, random 128-bit serial, subject = issuer = CN=&lt;GUN&gt; (PrintableString
 * when Go would use one, else UTF8String), P-256 key, ecdsa-with-SHA256, validity 10 years of 365
 * days from the current second, extensions in Go's order: KeyUsage (critical, digitalSignature +
 * keyEncipherment), ExtendedKeyUsage codeSigning, BasicConstraints (critical, CA:FALSE).
 *
 * <p>It is signed through a {@link TufSigner}, so a key held in custody certifies itself.
 */
public final class SelfSignedCertificates {

  /** Notary's root certificate lifetime: 10 × 365 days. */
  public static final Duration VALIDITY = Duration.ofDays(3650);

  private SelfSignedCertificates() {}

  /** A certificate valid from the clock's current second for {@link #VALIDITY}. */
  public static X509Certificate create(
      String commonName, TufSigner signer, Clock clock, SecureRandom random) {
    BigInteger serial = new BigInteger(128, random);
    if (serial.signum() == 0) {
      serial = BigInteger.ONE;
    }
    return create(commonName, signer, clock.instant(), VALIDITY, serial);
  }

  public static X509Certificate create(
      String commonName,
      TufSigner signer,
      Instant notBefore,
      Duration validity,
      BigInteger serial) {
    Objects.requireNonNull(commonName, "commonName");
    Objects.requireNonNull(signer, "signer");
    if (commonName.isEmpty()) {
      throw new IllegalArgumentException("common name must not be empty");
    }
    if (serial.signum() <= 0) {
      throw new IllegalArgumentException("serial must be positive");
    }
    if (signer.method() != SignatureMethod.ECDSA) {
      throw new IllegalArgumentException(
          "root certificates are ECDSA P-256; signer uses " + signer.method());
    }
    Instant start = notBefore.truncatedTo(ChronoUnit.SECONDS);
    X500Name name = commonNameOnly(commonName);
    SubjectPublicKeyInfo publicKeyInfo =
        SubjectPublicKeyInfo.getInstance(TufKey.ecdsa(signer.key().publicKey()).publicBytes());
    try {
      X509v3CertificateBuilder builder =
          new X509v3CertificateBuilder(
              name,
              serial,
              new Time(Date.from(start)),
              new Time(Date.from(start.plus(validity))),
              name,
              publicKeyInfo);
      builder.addExtension(
          Extension.keyUsage,
          true,
          new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
      builder.addExtension(
          Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_codeSigning));
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      X509CertificateHolder holder = builder.build(contentSigner(signer));
      X509Certificate certificate =
          (X509Certificate)
              CertificateFactory.getInstance("X.509")
                  .generateCertificate(new ByteArrayInputStream(holder.getEncoded()));
      // A custody signer that returned garbage must not produce a root nobody can verify.
      certificate.verify(certificate.getPublicKey());
      return certificate;
    } catch (IOException | GeneralSecurityException e) {
      throw new TufSigningException("could not create the self-signed certificate", e);
    }
  }

  /**
   * A Bouncy Castle {@link ContentSigner} (ecdsa-with-SHA256) that signs through {@code signer} and
   * DER-encodes its raw r||s.
   */
  public static ContentSigner contentSigner(TufSigner signer) {
    if (signer.method() != SignatureMethod.ECDSA) {
      throw new IllegalArgumentException("only ECDSA signers can sign certificates here");
    }
    return new ContentSigner() {
      private final ByteArrayOutputStream tbs = new ByteArrayOutputStream();

      @Override
      public AlgorithmIdentifier getAlgorithmIdentifier() {
        return new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA256);
      }

      @Override
      public OutputStream getOutputStream() {
        return tbs;
      }

      @Override
      public byte[] getSignature() {
        byte[] raw = signer.sign(tbs.toByteArray());
        if (raw == null || raw.length != 64) {
          throw new TufSigningException(
              "ECDSA P-256 signer returned a signature that is not 64 bytes");
        }
        BigInteger r = new BigInteger(1, Arrays.copyOfRange(raw, 0, 32));
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(raw, 32, 64));
        try {
          return new DERSequence(new ASN1Encodable[] {new ASN1Integer(r), new ASN1Integer(s)})
              .getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    };
  }

  private static X500Name commonNameOnly(String commonName) {
    ASN1Encodable value =
        isGoPrintable(commonName)
            ? new DERPrintableString(commonName)
            : new DERUTF8String(commonName);
    return new X500Name(new RDN[] {new RDN(BCStyle.CN, value)});
  }

  /** Go's encoding/asn1 picks PrintableString when every byte is in this set. */
  private static boolean isGoPrintable(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean printable =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || (c >= '\'' && c <= ')')
              || (c >= '+' && c <= '/')
              || c == ' '
              || c == ':'
              || c == '='
              || c == '?';
      if (!printable) {
        return false;
      }
    }
    return true;
  }
}
