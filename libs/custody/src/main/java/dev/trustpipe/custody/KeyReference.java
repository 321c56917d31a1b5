package dev.trustpipe.custody;

import java.util.Objects;

/**
 * Names one version of one key in one custody backend. This is what the trust store keeps; it holds
 * no secret, so it is safe to log and persist.
 *
 * @param backend the {@link KeyCustody#backendName()} that holds the key, e.g. {@code local}
 * @param keyName the key's name inside that backend (see {@link KeyNames})
 * @param version the key version, starting at 1 (Vault Transit numbers versions the same way)
 */
public record KeyReference(String backend, String keyName, int version) {

  public KeyReference {
    requirePrintable(backend, "backend");
    requirePrintable(keyName, "keyName");
    if (version < 1) {
      throw new IllegalArgumentException("key version must be >= 1, was " + version);
    }
  }

  private static void requirePrintable(String value, String field) {
    Objects.requireNonNull(value, field);
    if (value.isBlank()) {
      throw new IllegalArgumentException(field + " must not be blank");
    }
    // Backends apply their own, stricter naming rules; control characters are never valid.
    if (value.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException(field + " must not contain control characters");
    }
  }
}
