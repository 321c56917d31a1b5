package dev.trustpipe.tuf.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trustpipe.tuf.crypto.TufKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * root.json's {@code signed} value.
 *
 * @param keys key ID to key; every ID must be its key's {@link TufKey#keyId()}
 * @param roles must hold root, targets, snapshot and timestamp
 * @param consistentSnapshot always {@code false} in Notary
 */
public record Root(
    int version,
    Instant expires,
    Map<String, TufKey> keys,
    Map<String, RoleKeys> roles,
    boolean consistentSnapshot)
    implements RoleMetadata {

  public static final String TYPE = "Root";
  private static final List<String> BASE_ROLES =
      List.of(RoleName.ROOT, RoleName.SNAPSHOT, RoleName.TARGETS, RoleName.TIMESTAMP);

  public Root {
    if (version < 1) {
      throw new IllegalArgumentException("version must be at least 1");
    }
    Objects.requireNonNull(expires, "expires");
    keys = Keys.copyChecked(keys);
    roles = Collections.unmodifiableMap(new TreeMap<>(roles));
    for (String role : BASE_ROLES) {
      if (!roles.containsKey(role)) {
        throw new IllegalArgumentException("root lists no " + role + " role");
      }
    }
  }

  /** A Notary root: {@code consistent_snapshot} false, one key and threshold 1 per base role. */
  public static Root of(
      int version,
      Instant expires,
      TufKey root,
      TufKey targets,
      TufKey snapshot,
      TufKey timestamp) {
    Map<String, RoleKeys> roles = new TreeMap<>();
    roles.put(RoleName.ROOT, RoleKeys.single(root.keyId()));
    roles.put(RoleName.TARGETS, RoleKeys.single(targets.keyId()));
    roles.put(RoleName.SNAPSHOT, RoleKeys.single(snapshot.keyId()));
    roles.put(RoleName.TIMESTAMP, RoleKeys.single(timestamp.keyId()));
    return new Root(version, expires, Keys.byId(root, targets, snapshot, timestamp), roles, false);
  }

  @Override
  public String type() {
    return TYPE;
  }

  public RoleKeys role(String role) {
    RoleKeys keys = roles.get(role);
    if (keys == null) {
      throw new IllegalArgumentException("root lists no role " + RoleName.describe(role));
    }
    return keys;
  }

  /** The keys of {@code role} that root.json lists (IDs without a key are skipped). */
  public List<TufKey> keysOf(String role) {
    List<TufKey> result = new ArrayList<>();
    for (String id : role(role).keyIds()) {
      TufKey key = keys.get(id);
      if (key != null) {
        result.add(key);
      }
    }
    return result;
  }

  public Root withVersion(int newVersion, Instant newExpires) {
    return new Root(newVersion, newExpires, keys, roles, consistentSnapshot);
  }

  static Root fromJson(JsonNode signed) {
    JsonNode rolesJson = Fields.object(signed, "roles");
    Map<String, RoleKeys> roles = new TreeMap<>();
    for (Map.Entry<String, JsonNode> entry : rolesJson.properties()) {
      roles.put(entry.getKey(), RoleKeys.fromJson(entry.getValue()));
    }
    return new Root(
        Fields.integer(signed, "version"),
        Fields.time(signed, "expires"),
        Keys.fromJson(Fields.object(signed, "keys")),
        roles,
        // Go reads an absent bool as false.
        signed.has("consistent_snapshot") && Fields.bool(signed, "consistent_snapshot"));
  }

  @Override
  public ObjectNode toJson() {
    ObjectNode rolesJson = JsonNodeFactory.instance.objectNode();
    roles.forEach((name, keys) -> rolesJson.set(name, keys.toJson()));
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("_type", TYPE);
    json.put("consistent_snapshot", consistentSnapshot);
    json.put("expires", Rfc3339.format(expires));
    json.set("keys", Keys.toJson(keys));
    json.set("roles", rolesJson);
    json.put("version", version);
    return json;
  }
}
