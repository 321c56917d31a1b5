package dev.trustpipe.tuf.crypto;

import java.util.Optional;

/** Notary's {@code keytype} values. */
public enum KeyType {
  /** P-256 public key; {@code keyval.public} = base64 of the DER SubjectPublicKeyInfo. */
  ECDSA("ecdsa"),
  /** P-256 key in a certificate; {@code keyval.public} = base64 of the PEM certificate text. */
  ECDSA_X509("ecdsa-x509"),
  /** RSA key in a certificate; {@code keyval.public} = base64 of the PEM certificate text. */
  RSA_X509("rsa-x509"),
  /** {@code keyval.public} = base64 of the raw 32-byte Ed25519 public key. */
  ED25519("ed25519"),
  /** RSA public key; {@code keyval.public} = base64 of the DER SubjectPublicKeyInfo. */
  RSA("rsa");

  private final String wireName;

  KeyType(String wireName) {
    this.wireName = wireName;
  }

  /** The {@code keytype} string as it appears in metadata. */
  public String wireName() {
    return wireName;
  }

  public boolean isX509() {
    return this == ECDSA_X509 || this == RSA_X509;
  }

  /** Exact match, as Notary compares key types. */
  public static Optional<KeyType> fromWireName(String wireName) {
    for (KeyType type : values()) {
      if (type.wireName.equals(wireName)) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return wireName;
  }
}
