package dev.trustpipe.tuf.crypto;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.util.Objects;
import org.bouncycastle.crypto.CryptoException;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.engines.RSABlindedEngine;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.crypto.signers.PSSSigner;
import org.bouncycastle.crypto.util.PrivateKeyFactory;

/**
 * In-memory signers over Bouncy Castle's lightweight API, for tests and the local keystore. No
 * provider is registered globally. {@code toString()} shows the key ID only, never key material.
 */
public final class LocalSigners {

  /** Notary's RSA-PSS salt length (= SHA-256 output size). */
  public static final int RSA_PSS_SALT_LENGTH = 32;

  private LocalSigners() {}

  /** ECDSA P-256: SHA-256, deterministic k (RFC 6979), raw r||s of 64 bytes. */
  public static TufSigner ecdsa(KeyPair keyPair) {
    TufKey key = TufKey.ecdsa(keyPair.getPublic());
    AsymmetricKeyParameter params = privateParameters(keyPair.getPrivate());
    if (!(params instanceof ECPrivateKeyParameters ecParams)) {
      throw new IllegalArgumentException("not an EC private key");
    }
    return new LocalSigner(key, SignatureMethod.ECDSA) {
      @Override
      public byte[] sign(byte[] message) {
        ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
        signer.init(true, ecParams);
        BigInteger[] rs = signer.generateSignature(Digests.sha256(message));
        byte[] raw = new byte[64];
        System.arraycopy(TufKey.fixedLength(rs[0], 32), 0, raw, 0, 32);
        System.arraycopy(TufKey.fixedLength(rs[1], 32), 0, raw, 32, 32);
        return raw;
      }
    };
  }

  /** Pure Ed25519 (no pre-hash), 64-byte signatures. */
  public static TufSigner ed25519(KeyPair keyPair) {
    TufKey key = TufKey.ed25519(keyPair.getPublic());
    AsymmetricKeyParameter params = privateParameters(keyPair.getPrivate());
    if (!(params instanceof Ed25519PrivateKeyParameters edParams)) {
      throw new IllegalArgumentException("not an Ed25519 private key");
    }
    return new LocalSigner(key, SignatureMethod.EDDSA) {
      @Override
      public byte[] sign(byte[] message) {
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, edParams);
        signer.update(message, 0, message.length);
        return signer.generateSignature();
      }
    };
  }

  /** RSASSA-PSS with SHA-256, MGF1-SHA-256 and a 32-byte salt; the key is listed as {@code rsa}. */
  public static TufSigner rsaPss(KeyPair keyPair, SecureRandom random) {
    Objects.requireNonNull(random, "random");
    TufKey key = TufKey.rsa(keyPair.getPublic());
    AsymmetricKeyParameter params = privateParameters(keyPair.getPrivate());
    if (!(params instanceof RSAKeyParameters rsaParams) || !rsaParams.isPrivate()) {
      throw new IllegalArgumentException("not an RSA private key");
    }
    return new LocalSigner(key, SignatureMethod.RSAPSS) {
      @Override
      public byte[] sign(byte[] message) {
        PSSSigner signer =
            new PSSSigner(
                new RSABlindedEngine(),
                new SHA256Digest(),
                new SHA256Digest(),
                RSA_PSS_SALT_LENGTH);
        signer.init(true, new ParametersWithRandom(rsaParams, random));
        signer.update(message, 0, message.length);
        try {
          return signer.generateSignature();
        } catch (CryptoException e) {
          throw new TufSigningException("RSA-PSS signing failed", e);
        }
      }
    };
  }

  /** The signer for a key pair of any supported algorithm (RSA keys sign with PSS). */
  public static TufSigner of(KeyPair keyPair) {
    return switch (keyPair.getPublic().getAlgorithm()) {
      case "EC", "ECDSA" -> ecdsa(keyPair);
      case "Ed25519", "EdDSA" -> ed25519(keyPair);
      case "RSA" -> rsaPss(keyPair, new SecureRandom());
      default ->
          throw new IllegalArgumentException(
              "unsupported key algorithm " + keyPair.getPublic().getAlgorithm());
    };
  }

  /** A fresh ECDSA P-256 signer. */
  public static TufSigner generateEcdsa(SecureRandom random) {
    return ecdsa(generateKeyPair("EC", new ECGenParameterSpec("secp256r1"), 0, random));
  }

  /** A fresh Ed25519 signer. */
  public static TufSigner generateEd25519(SecureRandom random) {
    return ed25519(generateKeyPair("Ed25519", null, 0, random));
  }

  /** A fresh RSA signer (PSS) with a modulus of {@code bits} bits (Notary requires 2048+). */
  public static TufSigner generateRsaPss(int bits, SecureRandom random) {
    return rsaPss(generateKeyPair("RSA", null, bits, random), random);
  }

  private static KeyPair generateKeyPair(
      String algorithm, ECGenParameterSpec spec, int bits, SecureRandom random) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
      if (spec != null) {
        generator.initialize(spec, random);
      } else if (bits > 0) {
        generator.initialize(bits, random);
      }
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(algorithm + " key generation unavailable", e);
    }
  }

  private static AsymmetricKeyParameter privateParameters(PrivateKey privateKey) {
    byte[] pkcs8 = privateKey.getEncoded();
    if (pkcs8 == null) {
      throw new IllegalArgumentException("private key is not extractable; use a custody signer");
    }
    try {
      return PrivateKeyFactory.createKey(pkcs8);
    } catch (IOException | RuntimeException e) {
      // No cause: the parser's message could quote the encoding.
      throw new IllegalArgumentException("unreadable private key");
    }
  }

  private abstract static class LocalSigner implements TufSigner {
    private final TufKey key;
    private final SignatureMethod method;

    LocalSigner(TufKey key, SignatureMethod method) {
      this.key = key;
      this.method = method;
    }

    @Override
    public final TufKey key() {
      return key;
    }

    @Override
    public final SignatureMethod method() {
      return method;
    }

    @Override
    public String toString() {
      return "LocalSigner[" + method + " " + key.keyId() + "]";
    }
  }
}
