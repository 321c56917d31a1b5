package dev.trustpipe.custody;

import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;

/**
 * One private key held by a {@link KeyCustody} backend. The private key itself is never exposed:
 * callers get the public key and signatures.
 *
 * <p>Signature encodings, identical for every backend (they are what Notary's verifiers accept):
 *
 * <ul>
 *   <li>{@link KeyAlgorithm#ECDSA_P256}: ECDSA over SHA-256 of the message, raw {@code r||s}, each
 *       left-padded to 32 bytes (64 bytes in all; not DER).
 *   <li>{@link KeyAlgorithm#ED25519}: pure Ed25519 over the message itself, 64 bytes.
 *   <li>RSA: RSASSA-PSS with SHA-256, MGF1-SHA-256 and a 32-byte salt.
 * </ul>
 *
 * <p>Implementations are safe for concurrent use. {@link #toString()} shows the reference only.
 */
public interface SigningKey {

  KeyReference reference();

  KeyAlgorithm algorithm();

  PublicKey publicKey();

  /** Signs {@code message} (hashing it first, except for Ed25519). */
  byte[] sign(byte[] message) throws CustodyException;

  /**
   * Signs an already computed SHA-256 digest, so large inputs need not travel to a remote backend.
   * For the same message, {@code signDigest(sha256(m))} verifies exactly as {@code sign(m)}.
   *
   * @param sha256Digest the 32-byte SHA-256 digest of the message
   * @throws UnsupportedOperationException for Ed25519, which only signs whole messages (see {@link
   *     KeyAlgorithm#supportsDigestSigning()})
   * @throws IllegalArgumentException when the digest is not 32 bytes
   */
  byte[] signDigest(byte[] sha256Digest) throws CustodyException;

  /**
   * Signs every message, returning one signature per message in the same order. Remote backends
   * override this to sign the whole list in one round trip (Vault Transit {@code batch_input}).
   */
  default List<byte[]> signBatch(List<byte[]> messages) throws CustodyException {
    List<byte[]> signatures = new ArrayList<>(messages.size());
    for (byte[] message : messages) {
      signatures.add(sign(message));
    }
    return List.copyOf(signatures);
  }
}
