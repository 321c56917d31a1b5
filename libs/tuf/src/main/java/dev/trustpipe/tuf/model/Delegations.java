package dev.trustpipe.tuf.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trustpipe.tuf.crypto.TufKey;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A targets role's {@code delegations}: always present in Notary, empty when there are none. */
public record Delegations(Map<String, TufKey> keys, List<DelegatedRole> roles) {
  public Delegations {
    keys = Keys.copyChecked(keys);
    roles = List.copyOf(roles);
    Set<String> names = new HashSet<>();
    for (DelegatedRole role : roles) {
      if (!names.add(role.name())) {
        throw new IllegalArgumentException("delegation " + role.name() + " listed twice");
      }
    }
  }

  public static Delegations none() {
    return new Delegations(Map.of(), List.of());
  }

  public Optional<DelegatedRole> role(String name) {
    return roles.stream().filter(r -> r.name().equals(name)).findFirst();
  }

  /** The keys listed for delegation {@code name} (IDs without a key are skipped). */
  public List<TufKey> keysOf(String name) {
    List<TufKey> result = new ArrayList<>();
    role(name)
        .ifPresent(
            role -> {
              for (String id : role.keyIds()) {
                TufKey key = keys.get(id);
                if (key != null) {
                  result.add(key);
                }
              }
            });
    return result;
  }

  static Delegations fromJson(JsonNode json) {
    List<DelegatedRole> roles = new ArrayList<>();
    for (JsonNode role : Fields.array(json, "roles")) {
      roles.add(DelegatedRole.fromJson(role));
    }
    return new Delegations(Keys.fromJson(Fields.object(json, "keys")), roles);
  }

  public ObjectNode toJson() {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.set("keys", Keys.toJson(keys));
    ArrayNode roleArray = json.putArray("roles");
    roles.forEach(role -> roleArray.add(role.toJson()));
    return json;
  }
}
