package dev.trustpipe.truststore;

import java.time.Instant;
import java.util.Objects;

/**
 * The public half of a repository key and where its private half lives (a custody reference:
 * backend, key name, key version). Never carries private key material.
 *
 * @param keyType the TUF key type ({@code ecdsa}, {@code ecdsa-x509}, ...)
 * @param publicKey the TUF {@code keyval.public} value
 * @param createdAt when it was saved; {@code null} in a record not yet saved (the store stamps it)
 */
public record KeyRecord(
    String gun,
    String role,
    String keyId,
    String keyType,
    String publicKey,
    String custodyBackend,
    String custodyKeyName,
    int custodyKeyVersion,
    Instant createdAt) {

  public KeyRecord {
    Require.nonBlank(gun, "gun");
    Require.nonBlank(role, "role");
    Require.nonBlank(keyId, "keyId");
    Require.nonBlank(keyType, "keyType");
    Require.nonBlank(publicKey, "publicKey");
    Require.nonBlank(custodyBackend, "custodyBackend");
    Require.nonBlank(custodyKeyName, "custodyKeyName");
  }

  /** A record to save; the store sets {@code createdAt}. */
  public static KeyRecord unsaved(
      String gun,
      String role,
      String keyId,
      String keyType,
      String publicKey,
      String custodyBackend,
      String custodyKeyName,
      int custodyKeyVersion) {
    return new KeyRecord(
        gun,
        role,
        keyId,
        keyType,
        publicKey,
        custodyBackend,
        custodyKeyName,
        custodyKeyVersion,
        null);
  }

  /** True when both describe the same key held in the same custody slot (ignores createdAt). */
  public boolean sameKeyAs(KeyRecord other) {
    return gun.equals(other.gun)
        && role.equals(other.role)
        && keyId.equals(other.keyId)
        && keyType.equals(other.keyType)
        && publicKey.equals(other.publicKey)
        && custodyBackend.equals(other.custodyBackend)
        && custodyKeyName.equals(other.custodyKeyName)
        && custodyKeyVersion == other.custodyKeyVersion;
  }

  KeyRecord withCreatedAt(Instant savedAt) {
    return new KeyRecord(
        gun,
        role,
        keyId,
        keyType,
        publicKey,
        custodyBackend,
        custodyKeyName,
        custodyKeyVersion,
        Objects.requireNonNull(savedAt));
  }
}
