package dev.trustpipe.ingest.adapter;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * What identifies a registry event across redeliveries: the registry's own id, or, for senders that
 * have none, a key derived from the fields that tell two events apart.
 *
 * @param synthetic true when derived here rather than sent by the registry
 */
public record RegistryEventId(String value, boolean synthetic) {

  private static final String SYNTHETIC_PREFIX = "synthetic:";

  public RegistryEventId {
    Objects.requireNonNull(value, "value");
  }

  public static RegistryEventId reported(String value) {
    return new RegistryEventId(value, false);
  }

  /**
   * {@code synthetic:} + SHA-256 (hex) of the parts, each length-prefixed so no two part lists
   * collide; the hash keeps the id within the contract's 255 characters whatever the parts' size.
   */
  public static RegistryEventId synthetic(String... parts) {
    MessageDigest sha256;
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime provides SHA-256", e);
    }
    for (String part : parts) {
      byte[] bytes = String.valueOf(part).getBytes(StandardCharsets.UTF_8);
      sha256.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
      sha256.update(bytes);
    }
    return new RegistryEventId(SYNTHETIC_PREFIX + HexFormat.of().formatHex(sha256.digest()), true);
  }

  @Override
  public String toString() {
    return value;
  }
}
