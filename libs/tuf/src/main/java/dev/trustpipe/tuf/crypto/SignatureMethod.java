package dev.trustpipe.tuf.crypto;

import java.util.Locale;
import java.util.Optional;

/** Notary's {@code signatures[].method} values. */
public enum SignatureMethod {
  /** SHA-256, raw r||s, each left-padded to the curve size (64 bytes for P-256). Not DER. */
  ECDSA("ecdsa"),
  /** Pure Ed25519 over the message. */
  EDDSA("eddsa"),
  /** RSASSA-PSS, SHA-256, MGF1-SHA-256, salt length 32. */
  RSAPSS("rsapss"),
  /** RSASSA-PKCS1-v1_5 with SHA-256. Notary verifies it but never produces it; so do we. */
  RSA_PKCS1V15("rsapkcs1v15");

  private final String wireName;

  SignatureMethod(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  /** Whether Notary's verifier for this method accepts keys of {@code type}. */
  public boolean accepts(KeyType type) {
    return switch (this) {
      case ECDSA -> type == KeyType.ECDSA || type == KeyType.ECDSA_X509;
      case EDDSA -> type == KeyType.ED25519;
      case RSAPSS, RSA_PKCS1V15 -> type == KeyType.RSA || type == KeyType.RSA_X509;
    };
  }

  /** Parses a method string, lower-casing it first as Notary does. */
  public static Optional<SignatureMethod> fromWireName(String wireName) {
    if (wireName == null) {
      return Optional.empty();
    }
    String lower = wireName.toLowerCase(Locale.ROOT);
    for (SignatureMethod method : values()) {
      if (method.wireName.equals(lower)) {
        return Optional.of(method);
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return wireName;
  }
}
