package dev.trustpipe.custody.local;

import dev.trustpipe.custody.CustodyException;
import dev.trustpipe.custody.KeyAlgorithm;
import dev.trustpipe.custody.KeyReference;
import dev.trustpipe.custody.SigningKey;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.X509EncodedKeySpec;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.crypto.CryptoException;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.engines.RSABlindedEngine;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.params.RSAPrivateCrtKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.crypto.signers.PSSSigner;
import org.bouncycastle.crypto.signers.PlainDSAEncoding;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * A {@link SigningKey} over a private key in this process's memory, signing with Bouncy Castle's
 * lightweight API (no JCA provider registration; BC's P-256 ECDSA is several times faster than the
 * JDK's). Every BC signer object is created per call, so instances are safe for concurrent use.
 */
abstract sealed class SoftwareSigningKey implements SigningKey {

  private static final int SHA256_BYTES = 32;
  private static final int PSS_SALT_BYTES = 32;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final KeyReference reference;
  private final KeyAlgorithm algorithm;
  private final PublicKey publicKey;

  private SoftwareSigningKey(KeyReference reference, KeyAlgorithm algorithm, PublicKey publicKey) {
    this.reference = reference;
    this.algorithm = algorithm;
    this.publicKey = publicKey;
  }

  /**
   * Builds a key from a plaintext PKCS#8 {@code PrivateKeyInfo}; the public key is derived from the
   * private one.
   *
   * @throws IOException when the bytes are not a private key
   * @throws CustodyException when the key is of an algorithm {@link KeyAlgorithm} does not list
   */
  static SoftwareSigningKey fromPkcs8(KeyReference reference, byte[] pkcs8)
      throws IOException, CustodyException {
    AsymmetricKeyParameter privateKey = PrivateKeyFactory.createKey(pkcs8);
    if (privateKey instanceof ECPrivateKeyParameters ec
        && ec.getParameters() instanceof ECNamedDomainParameters named
        && SECObjectIdentifiers.secp256r1.equals(named.getName())) {
      return new EcdsaP256(reference, ec);
    }
    if (privateKey instanceof Ed25519PrivateKeyParameters ed25519) {
      return new Ed25519Key(reference, ed25519);
    }
    if (privateKey instanceof RSAPrivateCrtKeyParameters rsa) {
      int bits = rsa.getModulus().bitLength();
      try {
        return new RsaPss(reference, KeyAlgorithm.rsaWithModulusBits(bits), rsa);
      } catch (IllegalArgumentException e) {
        throw unsupported(reference);
      }
    }
    throw unsupported(reference);
  }

  private static CustodyException unsupported(KeyReference reference) {
    return new CustodyException(
        "key "
            + reference.keyName()
            + " v"
            + reference.version()
            + " uses an unsupported algorithm (expected ECDSA P-256, Ed25519 or RSA 2048/3072/4096)");
  }

  @Override
  public final KeyReference reference() {
    return reference;
  }

  @Override
  public final KeyAlgorithm algorithm() {
    return algorithm;
  }

  @Override
  public final PublicKey publicKey() {
    return publicKey;
  }

  @Override
  public final String toString() {
    return "SigningKey[" + reference + "]";
  }

  static byte[] sha256(byte[] message) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(message);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK provides SHA-256", e);
    }
  }

  private static void requireSha256Digest(byte[] digest) {
    if (digest == null || digest.length != SHA256_BYTES) {
      throw new IllegalArgumentException(
          "a SHA-256 digest has 32 bytes, got " + (digest == null ? "null" : digest.length));
    }
  }

  private static PublicKey jcaPublicKey(AsymmetricKeyParameter publicKey, String jcaAlgorithm)
      throws IOException {
    byte[] spki = SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(publicKey).getEncoded();
    try {
      return KeyFactory.getInstance(jcaAlgorithm).generatePublic(new X509EncodedKeySpec(spki));
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot build the public key", e);
    }
  }

  /** ECDSA P-256, deterministic nonces (RFC 6979), raw {@code r||s}. */
  static final class EcdsaP256 extends SoftwareSigningKey {
    private final ECPrivateKeyParameters privateKey;

    EcdsaP256(KeyReference reference, ECPrivateKeyParameters privateKey) throws IOException {
      super(reference, KeyAlgorithm.ECDSA_P256, jcaPublicKey(publicOf(privateKey), "EC"));
      this.privateKey = privateKey;
    }

    private static ECPublicKeyParameters publicOf(ECPrivateKeyParameters privateKey) {
      var domain = privateKey.getParameters();
      var point = new FixedPointCombMultiplier().multiply(domain.getG(), privateKey.getD());
      return new ECPublicKeyParameters(point.normalize(), domain);
    }

    @Override
    public byte[] sign(byte[] message) {
      return signDigest(sha256(message));
    }

    @Override
    public byte[] signDigest(byte[] sha256Digest) {
      requireSha256Digest(sha256Digest);
      ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
      signer.init(true, privateKey);
      BigInteger[] rs = signer.generateSignature(sha256Digest);
      return PlainDSAEncoding.INSTANCE.encode(privateKey.getParameters().getN(), rs[0], rs[1]);
    }
  }

  /** Pure Ed25519 over the message itself. */
  static final class Ed25519Key extends SoftwareSigningKey {
    private final Ed25519PrivateKeyParameters privateKey;
    private final Ed25519PublicKeyParameters publicKeyParameters;

    Ed25519Key(KeyReference reference, Ed25519PrivateKeyParameters privateKey) throws IOException {
      this(reference, privateKey, privateKey.generatePublicKey());
    }

    private Ed25519Key(
        KeyReference reference,
        Ed25519PrivateKeyParameters privateKey,
        Ed25519PublicKeyParameters publicKeyParameters)
        throws IOException {
      super(reference, KeyAlgorithm.ED25519, jcaPublicKey(publicKeyParameters, "Ed25519"));
      this.privateKey = privateKey;
      this.publicKeyParameters = publicKeyParameters;
    }

    @Override
    public byte[] sign(byte[] message) {
      byte[] signature = new byte[Ed25519PrivateKeyParameters.SIGNATURE_SIZE];
      // Passing the public key explicitly avoids the lazily cached one inside the parameters.
      privateKey.sign(
          Ed25519.Algorithm.Ed25519,
          publicKeyParameters,
          null,
          message,
          0,
          message.length,
          signature,
          0);
      return signature;
    }

    @Override
    public byte[] signDigest(byte[] sha256Digest) {
      throw new UnsupportedOperationException(
          "Ed25519 keys sign whole messages (pure EdDSA); signDigest is for ECDSA and RSA keys");
    }
  }

  /** RSASSA-PSS, SHA-256, MGF1-SHA-256, salt 32. */
  static final class RsaPss extends SoftwareSigningKey {
    private final RSAPrivateCrtKeyParameters privateKey;

    RsaPss(KeyReference reference, KeyAlgorithm algorithm, RSAPrivateCrtKeyParameters privateKey)
        throws IOException {
      super(
          reference,
          algorithm,
          jcaPublicKey(
              new RSAKeyParameters(false, privateKey.getModulus(), privateKey.getPublicExponent()),
              "RSA"));
      this.privateKey = privateKey;
    }

    @Override
    public byte[] sign(byte[] message) throws CustodyException {
      return signDigest(sha256(message));
    }

    @Override
    public byte[] signDigest(byte[] sha256Digest) throws CustodyException {
      requireSha256Digest(sha256Digest);
      // The raw signer takes the digest as its input instead of hashing the message again.
      PSSSigner signer =
          PSSSigner.createRawSigner(
              new RSABlindedEngine(),
              new SHA256Digest(),
              new SHA256Digest(),
              PSS_SALT_BYTES,
              PSSSigner.TRAILER_IMPLICIT);
      signer.init(true, new ParametersWithRandom(privateKey, RANDOM));
      signer.update(sha256Digest, 0, sha256Digest.length);
      try {
        return signer.generateSignature();
      } catch (CryptoException e) {
        throw new CustodyException("RSA-PSS signing failed for key " + reference().keyName());
      }
    }
  }
}
