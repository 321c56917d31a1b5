package dev.trustpipe.custody.vault;

import dev.trustpipe.custody.KeyAlgorithm;
import java.util.Base64;

/**
 * Parses Transit's {@code vault:v<N>:<payload>} signature strings into the bytes {@link
 * dev.trustpipe.custody.SigningKey} promises. Input comes from the network: every malformed string
 * is an {@link IllegalArgumentException} with a message that quotes none of it.
 */
final class VaultSignatures {

  private static final int MAX_SIGNATURE_CHARS = 4096;

  private VaultSignatures() {}

  /** A parsed signature: the key version Vault says it used and the decoded bytes. */
  record Parsed(int keyVersion, byte[] signature) {}

  /**
   * @param jws whether the request asked for {@code marshaling_algorithm=jws} (base64url without
   *     padding); otherwise the payload is standard base64
   */
  static Parsed parse(String text, KeyAlgorithm algorithm, boolean jws) {
    if (text == null || text.length() > MAX_SIGNATURE_CHARS || !text.startsWith("vault:v")) {
      throw new IllegalArgumentException("not a vault:vN: signature string");
    }
    int versionEnd = text.indexOf(':', "vault:v".length());
    if (versionEnd < 0) {
      throw new IllegalArgumentException("signature string has no version separator");
    }
    String digits = text.substring("vault:v".length(), versionEnd);
    if (digits.isEmpty()
        || digits.length() > 9
        || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new IllegalArgumentException("signature string has no valid key version");
    }
    int version = Integer.parseInt(digits);
    if (version < 1) {
      throw new IllegalArgumentException("signature key version must be >= 1");
    }
    String payload = text.substring(versionEnd + 1);
    byte[] signature;
    try {
      signature =
          jws ? Base64.getUrlDecoder().decode(payload) : Base64.getDecoder().decode(payload);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("signature payload is not valid base64");
    }
    if (signature.length != algorithm.signatureLength()) {
      throw new IllegalArgumentException(
          "a "
              + algorithm.id()
              + " signature has "
              + algorithm.signatureLength()
              + " bytes, Vault sent "
              + signature.length
              + (jws ? "" : " (is marshaling_algorithm=jws ignored by this Vault?)"));
    }
    return new Parsed(version, signature);
  }
}
