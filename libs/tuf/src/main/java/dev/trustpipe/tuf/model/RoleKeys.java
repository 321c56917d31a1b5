package dev.trustpipe.tuf.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** A root.json {@code roles} entry: which keys sign the role, and how many must. */
public record RoleKeys(List<String> keyIds, int threshold) {
  public RoleKeys {
    keyIds = List.copyOf(keyIds);
    if (threshold < 1) {
      throw new IllegalArgumentException("threshold must be at least 1");
    }
  }

  public static RoleKeys single(String keyId) {
    return new RoleKeys(List.of(keyId), 1);
  }

  static RoleKeys fromJson(JsonNode json) {
    if (!json.isObject()) {
      throw new MetadataFormatException("role entry must be an object");
    }
    int threshold = Fields.integer(json, "threshold");
    if (threshold < 1) {
      throw new MetadataFormatException("\"threshold\" must be at least 1");
    }
    return new RoleKeys(Fields.strings(json, "keyids"), threshold);
  }

  public ObjectNode toJson() {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.set(
        "keyids",
        JsonNodeFactory.instance
            .arrayNode()
            .addAll(keyIds.stream().map(JsonNodeFactory.instance::textNode).toList()));
    json.put("threshold", threshold);
    return json;
  }
}
