package dev.trustpipe.testkit.vault;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.util.Base64;
import java.util.Locale;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.DigestInfo;
import org.bouncycastle.crypto.CryptoException;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA1Digest;
import org.bouncycastle.crypto.digests.SHA224Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.digests.SHA3Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.encodings.PKCS1Encoding;
import org.bouncycastle.crypto.engines.RSABlindedEngine;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.signers.DSAEncoding;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.PSSSigner;
import org.bouncycastle.crypto.signers.PlainDSAEncoding;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PublicKeyFactory;

/**
 * The real cryptography behind {@link FakeVaultTransitServer}: keys of Transit's signing types and
 * sign/verify with Transit's parameters (hash, prehashed, PSS salt, PKCS#1 v1.5, asn1/jws).
 */
final class TransitCrypto {

  private static final SecureRandom RANDOM = new SecureRandom();

  private TransitCrypto() {}

  /** A client mistake Vault answers with {@code status}; the message is Vault-like. */
  static final class TransitError extends Exception {
    private static final long serialVersionUID = 1L;
    final int status;

    TransitError(int status, String message) {
      super(message);
      this.status = status;
    }
  }

  /** The parameters of one sign or verify request that apply to every batch item. */
  record Parameters(
      String hashAlgorithm,
      boolean prehashed,
      String signatureAlgorithm,
      String saltLength,
      boolean jws) {}

  static boolean canSign(String type) {
    return switch (type) {
      case "ecdsa-p256",
          "ecdsa-p384",
          "ecdsa-p521",
          "ed25519",
          "rsa-2048",
          "rsa-3072",
          "rsa-4096" ->
          true;
      default -> false;
    };
  }

  static KeyPair generate(String type) throws GeneralSecurityException {
    KeyPairGenerator generator;
    switch (type) {
      case "ecdsa-p256", "ecdsa-p384", "ecdsa-p521" -> {
        generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp" + type.substring(7) + "r1"));
      }
      case "ed25519" -> generator = KeyPairGenerator.getInstance("Ed25519");
      case "rsa-2048", "rsa-3072", "rsa-4096" -> {
        generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(
            new RSAKeyGenParameterSpec(
                Integer.parseInt(type.substring(4)), RSAKeyGenParameterSpec.F4));
      }
      default -> throw new IllegalArgumentException(type);
    }
    return generator.generateKeyPair();
  }

  /** {@code keys.N.public_key}: PEM SPKI with a trailing newline, raw base64 for Ed25519. */
  static String publicKeyText(String type, PublicKey key) {
    byte[] spki = key.getEncoded();
    if ("ed25519".equals(type)) {
      byte[] raw = new byte[32];
      System.arraycopy(spki, spki.length - 32, raw, 0, 32);
      return Base64.getEncoder().encodeToString(raw);
    }
    String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(spki);
    return "-----BEGIN PUBLIC KEY-----\n" + body + "\n-----END PUBLIC KEY-----\n";
  }

  static byte[] sign(String type, KeyPair pair, Parameters p, byte[] input) throws TransitError {
    try {
      if ("ed25519".equals(type)) {
        Signature ed = Signature.getInstance("Ed25519");
        ed.initSign(pair.getPrivate());
        ed.update(input);
        return ed.sign();
      }
      byte[] digest = p.prehashed() ? input : hash(p.hashAlgorithm(), input);
      if (type.startsWith("ecdsa")) {
        ECPrivateKeyParameters key = (ECPrivateKeyParameters) privateParameters(pair.getPrivate());
        ECDSASigner signer = new ECDSASigner();
        signer.init(true, new ParametersWithRandom(key, RANDOM));
        BigInteger[] rs = signer.generateSignature(digest);
        return encoding(p).encode(key.getParameters().getN(), rs[0], rs[1]);
      }
      RSAKeyParameters key = (RSAKeyParameters) privateParameters(pair.getPrivate());
      if ("pkcs1v15".equals(p.signatureAlgorithm())) {
        byte[] toSign =
            "none".equals(p.hashAlgorithm()) ? digest : digestInfo(p.hashAlgorithm(), digest);
        PKCS1Encoding rsa = new PKCS1Encoding(new RSABlindedEngine());
        rsa.init(true, new ParametersWithRandom(key, RANDOM));
        return rsa.processBlock(toSign, 0, toSign.length);
      }
      requireDigestLength(p.hashAlgorithm(), digest);
      int salt = saltLength(p, key.getModulus().bitLength(), true);
      PSSSigner pss =
          PSSSigner.createRawSigner(
              new RSABlindedEngine(),
              digest(p.hashAlgorithm()),
              digest(p.hashAlgorithm()),
              salt,
              PSSSigner.TRAILER_IMPLICIT);
      pss.init(true, new ParametersWithRandom(key, RANDOM));
      pss.update(digest, 0, digest.length);
      return pss.generateSignature();
    } catch (GeneralSecurityException | IOException | CryptoException | RuntimeException e) {
      if (e instanceof IllegalStateException && e.getCause() instanceof TransitError t) {
        throw t;
      }
      throw new TransitError(500, "failed to sign: " + e.getClass().getSimpleName());
    }
  }

  static boolean verify(String type, KeyPair pair, Parameters p, byte[] input, byte[] signature)
      throws TransitError {
    try {
      if ("ed25519".equals(type)) {
        Signature ed = Signature.getInstance("Ed25519");
        ed.initVerify(pair.getPublic());
        ed.update(input);
        return ed.verify(signature);
      }
      byte[] digest = p.prehashed() ? input : hash(p.hashAlgorithm(), input);
      AsymmetricKeyParameter publicKey = PublicKeyFactory.createKey(pair.getPublic().getEncoded());
      if (type.startsWith("ecdsa")) {
        ECPublicKeyParameters key = (ECPublicKeyParameters) publicKey;
        BigInteger[] rs;
        try {
          rs = encoding(p).decode(key.getParameters().getN(), signature);
        } catch (IllegalArgumentException e) {
          throw new TransitError(400, "invalid signature");
        }
        ECDSASigner verifier = new ECDSASigner();
        verifier.init(false, key);
        return verifier.verifySignature(digest, rs[0], rs[1]);
      }
      RSAKeyParameters key = (RSAKeyParameters) publicKey;
      if ("pkcs1v15".equals(p.signatureAlgorithm())) {
        byte[] expected =
            "none".equals(p.hashAlgorithm()) ? digest : digestInfo(p.hashAlgorithm(), digest);
        PKCS1Encoding rsa = new PKCS1Encoding(new RSABlindedEngine());
        rsa.init(false, key);
        try {
          return MessageDigest.isEqual(expected, rsa.processBlock(signature, 0, signature.length));
        } catch (org.bouncycastle.crypto.InvalidCipherTextException e) {
          return false;
        }
      }
      int salt = saltLength(p, key.getModulus().bitLength(), false);
      PSSSigner pss =
          PSSSigner.createRawSigner(
              new RSABlindedEngine(),
              digest(p.hashAlgorithm()),
              digest(p.hashAlgorithm()),
              salt,
              PSSSigner.TRAILER_IMPLICIT);
      pss.init(false, key);
      pss.update(digest, 0, digest.length);
      return pss.verifySignature(signature);
    } catch (TransitError e) {
      throw e;
    } catch (GeneralSecurityException | IOException | RuntimeException e) {
      return false;
    }
  }

  /** Validates {@code hash_algorithm} for a key type, with Vault's status codes. */
  static void checkHash(String type, Parameters p) throws TransitError {
    if ("ed25519".equals(type)) {
      if (p.prehashed() || !"sha2-256".equals(p.hashAlgorithm())) {
        throw new TransitError(400, "only Pure Ed25519 signatures supported");
      }
      return;
    }
    if ("none".equals(p.hashAlgorithm())) {
      if (!(p.prehashed() && "pkcs1v15".equals(p.signatureAlgorithm()) && type.startsWith("rsa"))) {
        throw new TransitError(
            400,
            "hash_algorithm=none requires both prehashed=true and signature_algorithm=pkcs1v15");
      }
      return;
    }
    digest(p.hashAlgorithm());
    if (type.startsWith("rsa")
        && !"pss".equals(p.signatureAlgorithm())
        && !"pkcs1v15".equals(p.signatureAlgorithm())) {
      throw new TransitError(500, "unsupported rsa signature algorithm " + p.signatureAlgorithm());
    }
  }

  private static DSAEncoding encoding(Parameters p) {
    return p.jws() ? PlainDSAEncoding.INSTANCE : StandardDSAEncoding.INSTANCE;
  }

  private static AsymmetricKeyParameter privateParameters(PrivateKey key) throws IOException {
    return PrivateKeyFactory.createKey(key.getEncoded());
  }

  /**
   * {@code auto}: the largest salt when signing, any salt when verifying (Go's PSSSaltLengthAuto);
   * {@code hash}: the digest length; an integer: itself, 0 to the maximum, else a 500.
   */
  private static int saltLength(Parameters p, int modulusBits, boolean signing)
      throws TransitError {
    int hashLength = digest(p.hashAlgorithm()).getDigestSize();
    int emLength = (modulusBits - 1 + 7) / 8;
    int max = emLength - hashLength - 2;
    String salt = p.saltLength() == null ? "auto" : p.saltLength().toLowerCase(Locale.ROOT);
    return switch (salt) {
      case "auto" -> max; // verifying "auto" with the max is what the fake supports
      case "hash" -> hashLength;
      default -> {
        int value;
        try {
          value = Integer.parseInt(salt);
        } catch (NumberFormatException e) {
          throw new TransitError(400, "invalid salt_length: " + salt);
        }
        if (value < 0 || value > max) {
          throw new TransitError(500, "salt length " + value + " out of range");
        }
        yield value;
      }
    };
  }

  private static void requireDigestLength(String hashAlgorithm, byte[] digest) throws TransitError {
    if (digest.length != digest(hashAlgorithm).getDigestSize()) {
      throw new TransitError(400, "crypto/rsa: input must be hashed message");
    }
  }

  static byte[] hash(String hashAlgorithm, byte[] input) throws TransitError {
    Digest digest = digest(hashAlgorithm);
    byte[] out = new byte[digest.getDigestSize()];
    digest.update(input, 0, input.length);
    digest.doFinal(out, 0);
    return out;
  }

  static Digest digest(String hashAlgorithm) throws TransitError {
    return switch (hashAlgorithm) {
      case "sha1" -> new SHA1Digest();
      case "sha2-224" -> new SHA224Digest();
      case "sha2-256" -> new SHA256Digest();
      case "sha2-384" -> new SHA384Digest();
      case "sha2-512" -> new SHA512Digest();
      case "sha3-224" -> new SHA3Digest(224);
      case "sha3-256" -> new SHA3Digest(256);
      case "sha3-384" -> new SHA3Digest(384);
      case "sha3-512" -> new SHA3Digest(512);
      default -> throw new TransitError(400, "unsupported hash algorithm " + hashAlgorithm);
    };
  }

  private static byte[] digestInfo(String hashAlgorithm, byte[] digest)
      throws IOException, TransitError {
    ASN1ObjectIdentifier oid =
        switch (hashAlgorithm) {
          case "sha1" -> OIWObjectIdentifiers.idSHA1;
          case "sha2-224" -> NISTObjectIdentifiers.id_sha224;
          case "sha2-256" -> NISTObjectIdentifiers.id_sha256;
          case "sha2-384" -> NISTObjectIdentifiers.id_sha384;
          case "sha2-512" -> NISTObjectIdentifiers.id_sha512;
          default -> throw new TransitError(400, "unsupported hash algorithm for pkcs1v15");
        };
    return new DigestInfo(new AlgorithmIdentifier(oid, DERNull.INSTANCE), digest).getEncoded();
  }
}
