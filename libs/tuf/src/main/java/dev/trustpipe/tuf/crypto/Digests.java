package dev.trustpipe.tuf.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 / SHA-512 from the JDK, and the lowercase hex Notary uses for key IDs and checksums. */
public final class Digests {
  private static final HexFormat HEX = HexFormat.of();

  private Digests() {}

  public static byte[] sha256(byte[] data) {
    return digest("SHA-256", data);
  }

  public static byte[] sha512(byte[] data) {
    return digest("SHA-512", data);
  }

  public static String sha256Hex(byte[] data) {
    return HEX.formatHex(sha256(data));
  }

  public static String hex(byte[] data) {
    return HEX.formatHex(data);
  }

  private static byte[] digest(String algorithm, byte[] data) {
    try {
      return MessageDigest.getInstance(algorithm).digest(data);
    } catch (NoSuchAlgorithmException e) {
      // Every Java SE runtime must provide SHA-256 and SHA-512.
      throw new IllegalStateException(algorithm + " missing from the JDK", e);
    }
  }
}
