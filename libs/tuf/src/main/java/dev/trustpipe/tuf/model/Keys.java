package dev.trustpipe.tuf.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trustpipe.tuf.crypto.TufKey;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/** Reading and writing {@code keys} maps (key ID to key), checking each ID against its key. */
final class Keys {
  private Keys() {}

  static Map<String, TufKey> copyChecked(Map<String, TufKey> keys) {
    TreeMap<String, TufKey> copy = new TreeMap<>();
    keys.forEach(
        (id, key) -> {
          if (!key.keyId().equals(id)) {
            throw new IllegalArgumentException("key listed as " + id + " has ID " + key.keyId());
          }
          copy.put(id, key);
        });
    return Collections.unmodifiableMap(copy);
  }

  static Map<String, TufKey> fromJson(JsonNode json) {
    TreeMap<String, TufKey> keys = new TreeMap<>();
    for (Map.Entry<String, JsonNode> entry : json.properties()) {
      keys.put(entry.getKey(), TufKey.fromJson(entry.getValue()));
    }
    return keys;
  }

  static ObjectNode toJson(Map<String, TufKey> keys) {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    keys.forEach((id, key) -> json.set(id, key.toJson()));
    return json;
  }

  static Map<String, TufKey> byId(TufKey... keys) {
    TreeMap<String, TufKey> map = new TreeMap<>();
    for (TufKey key : keys) {
      map.put(key.keyId(), key);
    }
    return map;
  }
}
