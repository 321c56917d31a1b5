package dev.trustpipe.tuf.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trustpipe.tuf.crypto.Digests;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * The {@code hashes} of a file: SHA-256 (required here: it is what TrustPipe indexes and docker
 * pulls by) and optionally SHA-512, as raw digests. Other algorithms in a document are ignored.
 */
public final class Hashes {
  private final byte[] sha256;
  private final byte[] sha512;

  /**
   * @param sha256 32-byte digest
   * @param sha512 64-byte digest, or {@code null} when absent
   */
  public Hashes(byte[] sha256, byte[] sha512) {
    if (sha256 == null || sha256.length != 32) {
      throw new IllegalArgumentException("sha256 must be a 32-byte digest");
    }
    if (sha512 != null && sha512.length != 64) {
      throw new IllegalArgumentException("sha512 must be a 64-byte digest");
    }
    this.sha256 = sha256.clone();
    this.sha512 = sha512 == null ? null : sha512.clone();
  }

  /** SHA-256 and SHA-512 of {@code data}. */
  public static Hashes of(byte[] data) {
    return new Hashes(Digests.sha256(data), Digests.sha512(data));
  }

  public byte[] sha256() {
    return sha256.clone();
  }

  public Optional<byte[]> sha512() {
    return Optional.ofNullable(sha512).map(byte[]::clone);
  }

  /** Lowercase hex SHA-256: the checksum in {@code GET …/<role>.<sha256>.json}. */
  public String sha256Hex() {
    return Digests.hex(sha256);
  }

  /** Whether {@code data} has these digests (every digest present must match). */
  public boolean matches(byte[] data) {
    return MessageDigest.isEqual(sha256, Digests.sha256(data))
        && (sha512 == null || MessageDigest.isEqual(sha512, Digests.sha512(data)));
  }

  static Hashes fromJson(JsonNode json) {
    byte[] sha256 = Fields.base64(json, "sha256");
    byte[] sha512 = json.has("sha512") ? Fields.base64(json, "sha512") : null;
    try {
      return new Hashes(sha256, sha512);
    } catch (IllegalArgumentException e) {
      throw new MetadataFormatException("hashes: " + e.getMessage());
    }
  }

  /** {@code {"sha256":b64,"sha512":b64}}. */
  public ObjectNode toJson() {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("sha256", Base64.getEncoder().encodeToString(sha256));
    if (sha512 != null) {
      json.put("sha512", Base64.getEncoder().encodeToString(sha512));
    }
    return json;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Hashes that
        && Arrays.equals(sha256, that.sha256)
        && Arrays.equals(sha512, that.sha512);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(sha256) + Arrays.hashCode(sha512);
  }

  @Override
  public String toString() {
    return "Hashes[sha256="
        + sha256Hex()
        + (sha512 == null ? "" : ", sha512=" + Digests.hex(sha512))
        + "]";
  }
}
