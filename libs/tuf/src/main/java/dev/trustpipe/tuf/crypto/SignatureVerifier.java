package dev.trustpipe.tuf.crypto;

import java.io.IOException;
import java.math.BigInteger;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.engines.RSABlindedEngine;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.crypto.signers.PSSSigner;
import org.bouncycastle.crypto.signers.RSADigestSigner;
import org.bouncycastle.crypto.util.PublicKeyFactory;

/**
 * Verifies one Notary signature the way Notary's verifiers do: the method must suit the key type,
 * ECDSA signatures are raw r||s of exactly twice the curve size (DER is refused, as in Notary), RSA
 * keys need at least 2048 bits. Any malformed input gives {@code false}, never an exception.
 */
public final class SignatureVerifier {

  /** Notary's {@code minRSAKeySizeBit}. */
  public static final int MIN_RSA_KEY_BITS = 2048;

  private SignatureVerifier() {}

  /** {@code method} as written in metadata; lower-cased first, unknown methods never verify. */
  public static boolean verify(TufKey key, String method, byte[] message, byte[] signature) {
    return SignatureMethod.fromWireName(method)
        .map(m -> verify(key, m, message, signature))
        .orElse(false);
  }

  public static boolean verify(
      TufKey key, SignatureMethod method, byte[] message, byte[] signature) {
    if (key == null || method == null || message == null || signature == null) {
      return false;
    }
    if (!method.accepts(key.type())) {
      return false;
    }
    try {
      AsymmetricKeyParameter publicKey = publicParameters(key);
      return switch (method) {
        case ECDSA -> verifyEcdsa(publicKey, message, signature);
        case EDDSA -> verifyEd25519(publicKey, message, signature);
        case RSAPSS -> verifyRsaPss(publicKey, message, signature);
        case RSA_PKCS1V15 -> verifyRsaPkcs1(publicKey, message, signature);
      };
    } catch (RuntimeException | IOException e) {
      return false;
    }
  }

  private static AsymmetricKeyParameter publicParameters(TufKey key) throws IOException {
    if (key.type() == KeyType.ED25519) {
      byte[] raw = key.publicBytes();
      if (raw.length != Ed25519PublicKeyParameters.KEY_SIZE) {
        throw new KeyFormatException("ed25519 key must be 32 bytes");
      }
      return new Ed25519PublicKeyParameters(raw, 0);
    }
    return PublicKeyFactory.createKey(key.publicKey().getEncoded());
  }

  private static boolean verifyEcdsa(
      AsymmetricKeyParameter publicKey, byte[] message, byte[] signature) {
    if (!(publicKey instanceof ECPublicKeyParameters ec)) {
      return false;
    }
    int half = (ec.getParameters().getCurve().getFieldSize() + 7) / 8;
    if (signature.length != 2 * half) {
      return false;
    }
    BigInteger r = new BigInteger(1, java.util.Arrays.copyOfRange(signature, 0, half));
    BigInteger s = new BigInteger(1, java.util.Arrays.copyOfRange(signature, half, 2 * half));
    ECDSASigner verifier = new ECDSASigner();
    verifier.init(false, ec);
    return verifier.verifySignature(Digests.sha256(message), r, s);
  }

  private static boolean verifyEd25519(
      AsymmetricKeyParameter publicKey, byte[] message, byte[] signature) {
    if (!(publicKey instanceof Ed25519PublicKeyParameters ed)
        || signature.length != Ed25519PublicKeyParameters.KEY_SIZE * 2) {
      return false;
    }
    Ed25519Signer verifier = new Ed25519Signer();
    verifier.init(false, ed);
    verifier.update(message, 0, message.length);
    return verifier.verifySignature(signature);
  }

  private static boolean verifyRsaPss(
      AsymmetricKeyParameter publicKey, byte[] message, byte[] signature) {
    if (!strongRsa(publicKey)) {
      return false;
    }
    PSSSigner verifier =
        new PSSSigner(
            new RSABlindedEngine(),
            new SHA256Digest(),
            new SHA256Digest(),
            LocalSigners.RSA_PSS_SALT_LENGTH);
    verifier.init(false, publicKey);
    verifier.update(message, 0, message.length);
    return verifier.verifySignature(signature);
  }

  private static boolean verifyRsaPkcs1(
      AsymmetricKeyParameter publicKey, byte[] message, byte[] signature) {
    if (!strongRsa(publicKey)) {
      return false;
    }
    RSADigestSigner verifier = new RSADigestSigner(new SHA256Digest());
    verifier.init(false, publicKey);
    verifier.update(message, 0, message.length);
    return verifier.verifySignature(signature);
  }

  private static boolean strongRsa(AsymmetricKeyParameter publicKey) {
    return publicKey instanceof RSAKeyParameters rsa
        && !rsa.isPrivate()
        && rsa.getModulus().bitLength() >= MIN_RSA_KEY_BITS;
  }
}
