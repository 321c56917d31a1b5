package dev.trustpipe.tuf.repo;

import dev.trustpipe.tuf.crypto.Digests;
import dev.trustpipe.tuf.model.Hashes;
import dev.trustpipe.tuf.model.TargetFile;
import java.util.Arrays;
import java.util.Objects;

/** One change to a targets role: add or replace a target, or remove one. */
public sealed interface TargetChange permits TargetChange.Put, TargetChange.Remove {

  /** Longest target name accepted (Docker tags are at most 128 characters). */
  int MAX_NAME_LENGTH = 1024;

  /** The target name, e.g. a tag. */
  String name();

  /**
   * Sets target {@code name} to an image manifest of {@code length} bytes with these digests.
   *
   * @param sha512OrNull 64-byte SHA-512, or {@code null} (docker clients record SHA-256 only)
   */
  record Put(String name, long length, byte[] sha256, byte[] sha512OrNull) implements TargetChange {
    public Put {
      validateName(name);
      if (length < 0) {
        throw new IllegalArgumentException("target length must not be negative");
      }
      if (sha256 == null || sha256.length != 32) {
        throw new IllegalArgumentException("target sha256 must be 32 bytes");
      }
      if (sha512OrNull != null && sha512OrNull.length != 64) {
        throw new IllegalArgumentException("target sha512 must be 64 bytes");
      }
      sha256 = sha256.clone();
      sha512OrNull = sha512OrNull == null ? null : sha512OrNull.clone();
    }

    @Override
    public byte[] sha256() {
      return sha256.clone();
    }

    @Override
    public byte[] sha512OrNull() {
      return sha512OrNull == null ? null : sha512OrNull.clone();
    }

    public TargetFile toTargetFile() {
      return new TargetFile(length, new Hashes(sha256, sha512OrNull));
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Put that
          && name.equals(that.name)
          && length == that.length
          && Arrays.equals(sha256, that.sha256)
          && Arrays.equals(sha512OrNull, that.sha512OrNull);
    }

    @Override
    public int hashCode() {
      return Objects.hash(name, length, Arrays.hashCode(sha256), Arrays.hashCode(sha512OrNull));
    }

    @Override
    public String toString() {
      return "Put[" + name + ", length=" + length + ", sha256=" + Digests.hex(sha256) + "]";
    }
  }

  /** Removes target {@code name}; removing an absent target changes nothing. */
  record Remove(String name) implements TargetChange {
    public Remove {
      validateName(name);
    }
  }

  /**
   * Target names must be non-empty, at most {@link #MAX_NAME_LENGTH} characters, without control
   * characters and with a UTF-8 encoding (no unpaired surrogates).
   */
  static void validateName(String name) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("target name must not be empty");
    }
    if (name.length() > MAX_NAME_LENGTH) {
      throw new IllegalArgumentException("target name longer than " + MAX_NAME_LENGTH);
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isISOControl(c)) {
        throw new IllegalArgumentException("target name contains a control character");
      }
      if (Character.isHighSurrogate(c)
          && i + 1 < name.length()
          && Character.isLowSurrogate(name.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new IllegalArgumentException("target name contains an unpaired surrogate");
      }
    }
  }
}
