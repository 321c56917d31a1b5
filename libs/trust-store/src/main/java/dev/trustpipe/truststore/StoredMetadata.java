package dev.trustpipe.truststore;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * One stored version of a metadata file: exactly the bytes that were signed and stored, to be
 * served unchanged. {@code createdAt} is when this version was stored (Notary's {@code
 * Last-Modified}).
 */
public record StoredMetadata(
    String gun,
    String role,
    int version,
    String sha256Hex,
    byte[] bytes,
    Instant expires,
    Instant createdAt) {

  public StoredMetadata {
    Objects.requireNonNull(gun, "gun");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(sha256Hex, "sha256Hex");
    Objects.requireNonNull(expires, "expires");
    Objects.requireNonNull(createdAt, "createdAt");
    bytes = Objects.requireNonNull(bytes, "bytes").clone();
  }

  /** A copy of the stored bytes; use {@link #writeTo} to serve them without copying. */
  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  public int length() {
    return bytes.length;
  }

  /** Writes the exact stored bytes, e.g. into an HTTP response body. */
  public void writeTo(OutputStream out) throws IOException {
    out.write(bytes);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof StoredMetadata that
        && gun.equals(that.gun)
        && role.equals(that.role)
        && version == that.version
        && sha256Hex.equals(that.sha256Hex)
        && Arrays.equals(bytes, that.bytes)
        && expires.equals(that.expires)
        && createdAt.equals(that.createdAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(gun, role, version, sha256Hex);
  }

  @Override
  public String toString() {
    return "StoredMetadata[gun=%s, role=%s, version=%d, sha256=%s, length=%d, expires=%s, createdAt=%s]"
        .formatted(gun, role, version, sha256Hex, bytes.length, expires, createdAt);
  }
}
