package dev.trustpipe.tuf.crypto;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Signs metadata with one key. Implementations: {@link LocalSigners} (in memory), and custody
 * adapters elsewhere (Vault Transit, PKCS#11) that never expose the private key.
 *
 * <p>Encodings are Notary's: {@link SignatureMethod#ECDSA} = SHA-256 then raw r||s (64 bytes for
 * P-256), {@link SignatureMethod#EDDSA} = pure Ed25519, {@link SignatureMethod#RSAPSS} = PSS,
 * SHA-256, MGF1-SHA-256, salt 32.
 */
public interface TufSigner {

  /** The key as the metadata lists it; its {@link TufKey#keyId()} goes in the signature. */
  TufKey key();

  SignatureMethod method();

  /** Signs {@code message} (the canonical bytes of a {@code signed} value). */
  byte[] sign(byte[] message);

  /** Signs several messages; custody backends override this to use one round trip. */
  default List<byte[]> signAll(List<byte[]> messages) {
    List<byte[]> signatures = new ArrayList<>(messages.size());
    for (byte[] message : messages) {
      signatures.add(sign(message));
    }
    return signatures;
  }

  /**
   * This signer presenting {@code publishedKey} instead, e.g. the {@code ecdsa-x509} certificate
   * that root.json lists for a bare {@code ecdsa} custody key. Both must hold the same public key.
   */
  default TufSigner withKey(TufKey publishedKey) {
    Objects.requireNonNull(publishedKey, "publishedKey");
    TufSigner delegate = this;
    if (publishedKey.equals(delegate.key())) {
      return delegate;
    }
    if (!publishedKey.holdsSamePublicKey(delegate.key())) {
      throw new IllegalArgumentException(
          "key " + publishedKey.keyId() + " does not hold the signer's public key");
    }
    if (!delegate.method().accepts(publishedKey.type())) {
      throw new IllegalArgumentException(
          delegate.method() + " signatures do not verify with " + publishedKey.type() + " keys");
    }
    return new TufSigner() {
      @Override
      public TufKey key() {
        return publishedKey;
      }

      @Override
      public SignatureMethod method() {
        return delegate.method();
      }

      @Override
      public byte[] sign(byte[] message) {
        return delegate.sign(message);
      }

      @Override
      public List<byte[]> signAll(List<byte[]> messages) {
        return delegate.signAll(messages);
      }

      @Override
      public String toString() {
        return "TufSigner[" + publishedKey.keyId() + " via " + delegate + "]";
      }
    };
  }
}
