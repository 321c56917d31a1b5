package dev.trustpipe.custody.pkcs11;

import dev.trustpipe.custody.CustodyException;
import dev.trustpipe.custody.KeyAlgorithm;
import dev.trustpipe.custody.KeyReference;
import dev.trustpipe.custody.SigningKey;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import javax.crypto.Cipher;
import org.bouncycastle.crypto.AsymmetricBlockCipher;
import org.bouncycastle.crypto.CipherParameters;
import org.bouncycastle.crypto.CryptoException;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.signers.PSSSigner;
import org.bouncycastle.crypto.signers.PlainDSAEncoding;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;

/**
 * A key pair in a PKCS#11 token. The signature operation runs in the token; what Java adds is the
 * encoding Notary verifies:
 *
 * <ul>
 *   <li>ECDSA P-256: {@code CKM_ECDSA} over the SHA-256 digest computed here ({@code
 *       NONEwithECDSA}; SoftHSM has no {@code CKM_ECDSA_SHA256}), then SunPKCS11's DER converted to
 *       raw {@code r||s}.
 *   <li>RSA, {@link #sign}: {@code CKM_RSA_PKCS_PSS} ({@code RSASSA-PSS}, SHA-256, MGF1-SHA-256,
 *       salt 32). {@link #signDigest}: SunPKCS11 hashes PSS input itself, so a bare digest is
 *       PSS-encoded here (EMSA-PSS, RFC 8017) and raised to the private exponent in the token
 *       ({@code CKM_RSA_X_509}).
 * </ul>
 */
final class Pkcs11SigningKey implements SigningKey {

  private static final int SHA256_BYTES = 32;
  private static final PSSParameterSpec PSS_SHA256 =
      new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1);

  private final KeyReference reference;
  private final KeyAlgorithm algorithm;
  private final Provider provider;
  private final PrivateKey privateKey;
  private final PublicKey publicKey;

  private Pkcs11SigningKey(
      KeyReference reference,
      KeyAlgorithm algorithm,
      Provider provider,
      PrivateKey privateKey,
      PublicKey publicKey) {
    this.reference = reference;
    this.algorithm = algorithm;
    this.provider = provider;
    this.privateKey = privateKey;
    this.publicKey = publicKey;
  }

  static Pkcs11SigningKey of(
      KeyReference reference, Provider provider, PrivateKey privateKey, PublicKey publicKey)
      throws CustodyException {
    KeyAlgorithm algorithm;
    if (publicKey instanceof ECPublicKey ec
        && ec.getParams().getCurve().getField().getFieldSize() == 256) {
      algorithm = KeyAlgorithm.ECDSA_P256;
    } else if (publicKey instanceof RSAPublicKey rsa) {
      try {
        algorithm = KeyAlgorithm.rsaWithModulusBits(rsa.getModulus().bitLength());
      } catch (IllegalArgumentException e) {
        throw unsupported(reference);
      }
    } else {
      throw unsupported(reference);
    }
    return new Pkcs11SigningKey(reference, algorithm, provider, privateKey, publicKey);
  }

  private static CustodyException unsupported(KeyReference reference) {
    return new CustodyException(
        "token key "
            + reference.keyName()
            + " v"
            + reference.version()
            + " is not ECDSA P-256 or RSA 2048/3072/4096");
  }

  @Override
  public KeyReference reference() {
    return reference;
  }

  @Override
  public KeyAlgorithm algorithm() {
    return algorithm;
  }

  @Override
  public PublicKey publicKey() {
    return publicKey;
  }

  @Override
  public byte[] sign(byte[] message) throws CustodyException {
    if (algorithm == KeyAlgorithm.ECDSA_P256) {
      return signDigest(sha256(message));
    }
    try {
      Signature pss = Signature.getInstance("RSASSA-PSS", provider);
      pss.setParameter(PSS_SHA256);
      pss.initSign(privateKey);
      pss.update(message);
      return pss.sign();
    } catch (GeneralSecurityException e) {
      throw failure(e);
    }
  }

  @Override
  public byte[] signDigest(byte[] sha256Digest) throws CustodyException {
    if (sha256Digest == null || sha256Digest.length != SHA256_BYTES) {
      throw new IllegalArgumentException(
          "a SHA-256 digest has 32 bytes, got "
              + (sha256Digest == null ? "null" : sha256Digest.length));
    }
    try {
      if (algorithm == KeyAlgorithm.ECDSA_P256) {
        Signature ecdsa = Signature.getInstance("NONEwithECDSA", provider);
        ecdsa.initSign(privateKey);
        ecdsa.update(sha256Digest);
        return derToRaw(ecdsa.sign());
      }
      PSSSigner pss =
          PSSSigner.createRawSigner(
              new TokenRsa(),
              new SHA256Digest(),
              new SHA256Digest(),
              32,
              PSSSigner.TRAILER_IMPLICIT);
      RSAPublicKey rsa = (RSAPublicKey) publicKey;
      // BC reads the modulus size from these; the private operation itself is TokenRsa's.
      pss.init(true, new RSAKeyParameters(false, rsa.getModulus(), rsa.getPublicExponent()));
      pss.update(sha256Digest, 0, sha256Digest.length);
      return pss.generateSignature();
    } catch (GeneralSecurityException | CryptoException e) {
      throw failure(e);
    } catch (TokenFailure e) {
      throw failure(e.getCause());
    }
  }

  /** DER {@code SEQUENCE{r,s}} to fixed-width {@code r||s} (32 + 32 bytes for P-256). */
  static byte[] derToRaw(byte[] der) throws CustodyException {
    BigInteger order = P256_ORDER;
    try {
      BigInteger[] rs = StandardDSAEncoding.INSTANCE.decode(order, der);
      return PlainDSAEncoding.INSTANCE.encode(order, rs[0], rs[1]);
    } catch (java.io.IOException | IllegalArgumentException e) {
      throw new CustodyException("the token returned a malformed ECDSA signature");
    }
  }

  private static final BigInteger P256_ORDER =
      new BigInteger("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);

  private CustodyException failure(Throwable e) {
    // The provider's messages name mechanisms and CKR_ codes; nothing secret, but keep it short.
    return new CustodyException(
        "PKCS#11 signing failed for key "
            + reference.keyName()
            + " v"
            + reference.version()
            + ": "
            + e.getClass().getSimpleName()
            + (e.getMessage() == null ? "" : " " + e.getMessage()));
  }

  private static byte[] sha256(byte[] message) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(message);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK provides SHA-256", e);
    }
  }

  @Override
  public String toString() {
    return "SigningKey[" + reference + "]";
  }

  private static final class TokenFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TokenFailure(GeneralSecurityException cause) {
      super(cause);
    }
  }

  /**
   * The raw RSA private-key operation ({@code CKM_RSA_X_509}) in the token, for BC's PSS encoder.
   */
  private final class TokenRsa implements AsymmetricBlockCipher {
    private final int modulusBytes = (((RSAPublicKey) publicKey).getModulus().bitLength() + 7) / 8;

    @Override
    public void init(boolean forEncryption, CipherParameters parameters) {
      // the key is fixed: the token's private key
    }

    @Override
    public int getInputBlockSize() {
      return modulusBytes - 1;
    }

    @Override
    public int getOutputBlockSize() {
      return modulusBytes;
    }

    @Override
    public byte[] processBlock(byte[] in, int offset, int length)
        throws InvalidCipherTextException {
      try {
        Cipher raw = Cipher.getInstance("RSA/ECB/NoPadding", provider);
        raw.init(Cipher.ENCRYPT_MODE, privateKey);
        byte[] out = raw.doFinal(in, offset, length);
        if (out.length == modulusBytes) {
          return out;
        }
        byte[] padded = new byte[modulusBytes];
        System.arraycopy(out, 0, padded, modulusBytes - out.length, out.length);
        return padded;
      } catch (GeneralSecurityException e) {
        throw new TokenFailure(e);
      }
    }
  }
}
