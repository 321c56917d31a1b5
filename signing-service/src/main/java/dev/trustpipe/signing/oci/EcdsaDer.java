package dev.trustpipe.signing.oci;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.Arrays;

/**
 * Custody signs ECDSA as raw {@code r||s} (what TUF wants); sigstore verifiers expect ASN.1 DER
 * {@code SEQUENCE { INTEGER r, INTEGER s }} (older sigstore libraries accept nothing else).
 */
final class EcdsaDer {
  private EcdsaDer() {}

  /** DER of a raw P-256 signature (64 bytes: r then s, each 32 bytes big-endian). */
  static byte[] fromRaw(byte[] raw) {
    if (raw.length != 64) {
      throw new IllegalArgumentException("a raw P-256 signature is 64 bytes, got " + raw.length);
    }
    byte[] r = integer(Arrays.copyOfRange(raw, 0, 32));
    byte[] s = integer(Arrays.copyOfRange(raw, 32, 64));
    ByteArrayOutputStream der = new ByteArrayOutputStream(72);
    der.write(0x30);
    der.write(r.length + s.length); // at most 70: short-form length
    der.writeBytes(r);
    der.writeBytes(s);
    return der.toByteArray();
  }

  /**
   * A DER INTEGER of the unsigned big-endian value: minimal, with a 0 byte when the top bit is set.
   */
  private static byte[] integer(byte[] unsigned) {
    byte[] value = new BigInteger(1, unsigned).toByteArray();
    byte[] out = new byte[value.length + 2];
    out[0] = 0x02;
    out[1] = (byte) value.length;
    System.arraycopy(value, 0, out, 2, value.length);
    return out;
  }
}
