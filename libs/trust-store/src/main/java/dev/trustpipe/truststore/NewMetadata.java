package dev.trustpipe.truststore;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * A signed metadata file to store: the exact bytes that will be served, plus the fields the store
 * indexes. {@code sha256Hex} must be the lower-case hex SHA-256 of {@code bytes} (checked here, so
 * the checksum index can never point at other bytes).
 */
public record NewMetadata(
    String gun, String role, int version, String sha256Hex, byte[] bytes, Instant expires) {

  public NewMetadata {
    Require.nonBlank(gun, "gun");
    Require.nonBlank(role, "role");
    Require.positive(version, "version");
    Objects.requireNonNull(bytes, "bytes");
    Objects.requireNonNull(expires, "expires");
    if (!Sha256.isLowerHex(sha256Hex)) {
      throw new IllegalArgumentException("sha256Hex must be 64 lower-case hex digits");
    }
    bytes = bytes.clone();
    if (!Sha256.hex(bytes).equals(sha256Hex)) {
      throw new IllegalArgumentException(
          gun + " " + role + " v" + version + ": sha256Hex is not the SHA-256 of the bytes");
    }
  }

  /** Computes the checksum of {@code bytes}. */
  public static NewMetadata of(
      String gun, String role, int version, byte[] bytes, Instant expires) {
    Objects.requireNonNull(bytes, "bytes");
    return new NewMetadata(gun, role, version, Sha256.hex(bytes), bytes, expires);
  }

  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  /** The stored bytes without a defensive copy, for the insert path only. */
  byte[] sharedBytes() {
    return bytes;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof NewMetadata that
        && gun.equals(that.gun)
        && role.equals(that.role)
        && version == that.version
        && sha256Hex.equals(that.sha256Hex)
        && Arrays.equals(bytes, that.bytes)
        && expires.equals(that.expires);
  }

  @Override
  public int hashCode() {
    return Objects.hash(gun, role, version, sha256Hex);
  }

  @Override
  public String toString() {
    return "NewMetadata[gun=%s, role=%s, version=%d, sha256=%s, length=%d, expires=%s]"
        .formatted(gun, role, version, sha256Hex, bytes.length, expires);
  }
}
