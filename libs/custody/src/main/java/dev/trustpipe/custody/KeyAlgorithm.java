package dev.trustpipe.custody;

import java.util.Arrays;

/**
 * The signing algorithms a custody backend can hold keys for, with the signature encoding each one
 * produces (see {@link SigningKey}).
 */
public enum KeyAlgorithm {
  /** ECDSA on NIST P-256 over SHA-256; signatures are raw {@code r||s}, 64 bytes. */
  ECDSA_P256("ecdsa-p256", 0),
  /** Pure Ed25519 (RFC 8032); signatures are 64 bytes. */
  ED25519("ed25519", 0),
  /** RSASSA-PSS, SHA-256, MGF1-SHA-256, salt 32; signatures are as long as the modulus. */
  RSA_2048("rsa-2048", 2048),
  RSA_3072("rsa-3072", 3072),
  RSA_4096("rsa-4096", 4096);

  private final String id;
  private final int rsaModulusBits;

  KeyAlgorithm(String id, int rsaModulusBits) {
    this.id = id;
    this.rsaModulusBits = rsaModulusBits;
  }

  /** Stable lowercase name; deliberately the same strings Vault Transit uses as key types. */
  public String id() {
    return id;
  }

  public boolean isRsa() {
    return rsaModulusBits > 0;
  }

  /** RSA modulus size in bits. */
  public int rsaModulusBits() {
    if (!isRsa()) {
      throw new IllegalStateException(this + " is not an RSA algorithm");
    }
    return rsaModulusBits;
  }

  /**
   * Whether {@link SigningKey#signDigest(byte[])} is available: ECDSA and RSA sign a SHA-256
   * digest; Ed25519 is pure and must see the whole message.
   */
  public boolean supportsDigestSigning() {
    return this != ED25519;
  }

  /** Length in bytes of every signature this algorithm produces in our encoding. */
  public int signatureLength() {
    return isRsa() ? rsaModulusBits / 8 : 64;
  }

  public static KeyAlgorithm fromId(String id) {
    return Arrays.stream(values())
        .filter(algorithm -> algorithm.id.equals(id))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown key algorithm: " + id));
  }

  public static KeyAlgorithm rsaWithModulusBits(int bits) {
    return Arrays.stream(values())
        .filter(algorithm -> algorithm.rsaModulusBits == bits && algorithm.isRsa())
        .findFirst()
        .orElseThrow(
            () -> new IllegalArgumentException("unsupported RSA modulus size: " + bits + " bits"));
  }
}
