package dev.trustpipe.translog;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 and the RFC 6962 §2.1 domain-separated leaf and node hashes. */
public final class Hashes {
  /** Bytes of every hash in the log. */
  public static final int SIZE = 32;

  private static final HexFormat HEX = HexFormat.of();
  private static final ThreadLocal<MessageDigest> SHA256 =
      ThreadLocal.withInitial(
          () -> {
            try {
              return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
              throw new IllegalStateException("every JDK provides SHA-256", e);
            }
          });

  private Hashes() {}

  public static byte[] sha256(byte[] data) {
    MessageDigest digest = SHA256.get();
    digest.reset();
    return digest.digest(data);
  }

  /** The root of the empty tree: SHA-256 of nothing. */
  public static byte[] emptyRoot() {
    return sha256(new byte[0]);
  }

  /** {@code SHA-256(0x00 || data)}. */
  public static byte[] leafHash(byte[] data) {
    MessageDigest digest = SHA256.get();
    digest.reset();
    digest.update((byte) 0x00);
    return digest.digest(data);
  }

  /** {@code SHA-256(0x01 || left || right)}. */
  public static byte[] nodeHash(byte[] left, byte[] right) {
    MessageDigest digest = SHA256.get();
    digest.reset();
    digest.update((byte) 0x01);
    digest.update(left);
    return digest.digest(right);
  }

  public static String hex(byte[] bytes) {
    return HEX.formatHex(bytes);
  }

  /**
   * Lowercase or uppercase hex of exactly {@link #SIZE} bytes.
   *
   * @throws IllegalArgumentException otherwise
   */
  public static byte[] fromHex(String hex) {
    if (hex == null || hex.length() != 2 * SIZE) {
      throw new IllegalArgumentException("a hash is " + 2 * SIZE + " hex digits");
    }
    try {
      return HEX.parseHex(hex);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("a hash is " + 2 * SIZE + " hex digits", e);
    }
  }

  static void requireHash(String what, byte[] hash) {
    if (hash == null || hash.length != SIZE) {
      throw new InvalidProofException(
          what + " is " + (hash == null ? "missing" : hash.length + " bytes") + ", not " + SIZE);
    }
  }
}
