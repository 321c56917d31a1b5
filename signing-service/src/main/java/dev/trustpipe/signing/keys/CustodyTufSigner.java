package dev.trustpipe.signing.keys;

import dev.trustpipe.custody.CustodyException;
import dev.trustpipe.custody.KeyAlgorithm;
import dev.trustpipe.custody.KeyReference;
import dev.trustpipe.custody.SigningKey;
import dev.trustpipe.truststore.KeyRecord;
import dev.trustpipe.tuf.crypto.KeyType;
import dev.trustpipe.tuf.crypto.SignatureMethod;
import dev.trustpipe.tuf.crypto.TufKey;
import dev.trustpipe.tuf.crypto.TufSigner;
import dev.trustpipe.tuf.crypto.TufSigningException;
import java.util.List;

/**
 * A custody key seen as a TUF signer. The TUF key is given, not derived, because the root key is
 * published as an x509 certificate wrapping the custody key's public key.
 */
public record CustodyTufSigner(SigningKey custodyKey, TufKey key) implements TufSigner {

  @Override
  public SignatureMethod method() {
    return methodFor(custodyKey.algorithm());
  }

  @Override
  public byte[] sign(byte[] message) {
    try {
      return custodyKey.sign(message);
    } catch (CustodyException e) {
      throw failure(e);
    }
  }

  @Override
  public List<byte[]> signAll(List<byte[]> messages) {
    try {
      return custodyKey.signBatch(messages);
    } catch (CustodyException e) {
      throw failure(e);
    }
  }

  private TufSigningException failure(CustodyException e) {
    return new TufSigningException("custody key " + custodyKey.reference() + " did not sign", e);
  }

  /** The custody reference a key record names. */
  public static KeyReference referenceOf(KeyRecord record) {
    return new KeyReference(
        record.custodyBackend(), record.custodyKeyName(), record.custodyKeyVersion());
  }

  /** The signer a key record describes, with {@code key} the custody key it references. */
  public static CustodyTufSigner of(SigningKey key, KeyRecord record) {
    TufKey published =
        new TufKey(
            KeyType.fromWireName(record.keyType())
                .orElseThrow(
                    () -> new IllegalStateException("unknown key type " + record.keyType())),
            record.publicKey());
    return new CustodyTufSigner(key, published);
  }

  static SignatureMethod methodFor(KeyAlgorithm algorithm) {
    return switch (algorithm) {
      case ECDSA_P256 -> SignatureMethod.ECDSA;
      case ED25519 -> SignatureMethod.EDDSA;
      case RSA_2048, RSA_3072, RSA_4096 -> SignatureMethod.RSAPSS;
    };
  }

  /** The bare TUF key of a custody key ({@code ecdsa} or {@code ed25519}). */
  static TufKey bareKey(SigningKey key) {
    return switch (key.algorithm()) {
      case ECDSA_P256 -> TufKey.ecdsa(key.publicKey());
      case ED25519 -> TufKey.ed25519(key.publicKey());
      case RSA_2048, RSA_3072, RSA_4096 ->
          throw new IllegalArgumentException("bare RSA keys are published only as rsa-x509");
    };
  }
}
