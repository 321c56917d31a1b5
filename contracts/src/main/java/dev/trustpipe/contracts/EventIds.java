package dev.trustpipe.contracts;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * Deterministic CloudEvent ids. Registries deliver webhooks at least once; deriving the event id
 * from what identifies the registry's event makes a redelivery the same event, which consumers then
 * skip as already processed.
 */
public final class EventIds {

  /** Namespace of TrustPipe's name-based (version 5) UUIDs. */
  private static final UUID NAMESPACE = UUID.fromString("0b4f6a4e-5f0c-5d43-9a53-7472757374ff");

  private EventIds() {}

  /** The id of the event normalised from registry event {@code registryEventId}. */
  public static String forRegistryEvent(
      String source, String registryHost, String registryEventId) {
    return nameBased("registry-event", source, registryHost, registryEventId);
  }

  /** An id derived from another event's, e.g. the rejection of event {@code parentEventId}. */
  public static String derived(String parentEventId, String purpose) {
    return nameBased("derived", parentEventId, purpose);
  }

  /** RFC 9562 version 5 UUID of the parts, each length-prefixed so no two part lists collide. */
  private static String nameBased(String... parts) {
    MessageDigest sha1;
    try {
      sha1 = MessageDigest.getInstance("SHA-1");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime provides SHA-1", e);
    }
    ByteBuffer namespace = ByteBuffer.allocate(16);
    namespace.putLong(NAMESPACE.getMostSignificantBits());
    namespace.putLong(NAMESPACE.getLeastSignificantBits());
    sha1.update(namespace.array());
    for (String part : parts) {
      byte[] bytes = FieldChecks.required("id part", part).getBytes(StandardCharsets.UTF_8);
      sha1.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
      sha1.update(bytes);
    }
    byte[] hash = sha1.digest();
    hash[6] = (byte) ((hash[6] & 0x0f) | 0x50);
    hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
    ByteBuffer uuid = ByteBuffer.wrap(hash, 0, 16);
    return new UUID(uuid.getLong(), uuid.getLong()).toString();
  }
}
