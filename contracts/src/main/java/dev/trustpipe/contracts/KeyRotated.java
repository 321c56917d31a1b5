package dev.trustpipe.contracts;

/**
 * A role's signing key was replaced ({@code dev.trustpipe.key.rotated.v1}). Key ids only: key
 * material never travels in events.
 *
 * @param gun the repository's GUN, the Kafka key
 * @param role the role whose key changed
 * @param oldKeyId TUF key id (hex SHA-256) of the retired key
 * @param newKeyId TUF key id of the key that signs from now on
 * @param actor who asked for the rotation (an operator, or the service for scheduled rotations)
 */
public record KeyRotated(String gun, String role, String oldKeyId, String newKeyId, String actor)
    implements EventData {

  public KeyRotated {
    Gun.of(FieldChecks.required("gun", gun));
    FieldChecks.requireRole("role", role);
    FieldChecks.requireSha256Hex("oldKeyId", oldKeyId);
    FieldChecks.requireSha256Hex("newKeyId", newKeyId);
    if (oldKeyId.equals(newKeyId)) {
      throw new IllegalArgumentException("newKeyId equals oldKeyId; a rotation changes the key");
    }
    FieldChecks.requireText("actor", actor, FieldChecks.MAX_TEXT_CHARS);
  }

  @Override
  public EventType eventType() {
    return EventType.KEY_ROTATED;
  }

  @Override
  public String subject() {
    return gun;
  }
}
