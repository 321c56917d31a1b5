package dev.trustpipe.tuf.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * A {@code delegations.roles} entry.
 *
 * @param paths target-name prefixes the role may sign; {@code [""]} means every target, an empty
 *     list none (Go omits the empty list: {@code paths,omitempty})
 */
public record DelegatedRole(String name, List<String> keyIds, int threshold, List<String> paths) {
  public DelegatedRole {
    if (!RoleName.isDelegation(name)) {
      throw new IllegalArgumentException("invalid delegation name " + RoleName.describe(name));
    }
    keyIds = List.copyOf(keyIds);
    paths = List.copyOf(paths);
    if (threshold < 1) {
      throw new IllegalArgumentException("threshold must be at least 1");
    }
  }

  /** A role with one key, threshold 1, allowed to sign every target ({@code paths [""]}). */
  public static DelegatedRole allPaths(String name, String keyId) {
    return new DelegatedRole(name, List.of(keyId), 1, List.of(""));
  }

  /** Notary's {@code CheckPaths}: some path is a prefix of {@code targetName}. */
  public boolean coversPath(String targetName) {
    for (String path : paths) {
      if (targetName.startsWith(path)) {
        return true;
      }
    }
    return false;
  }

  static DelegatedRole fromJson(JsonNode json) {
    if (!json.isObject()) {
      throw new MetadataFormatException("delegation role must be an object");
    }
    int threshold = Fields.integer(json, "threshold");
    if (threshold < 1) {
      throw new MetadataFormatException("\"threshold\" must be at least 1");
    }
    List<String> paths = json.has("paths") ? Fields.strings(json, "paths") : List.of();
    String name = Fields.text(json, "name");
    if (!RoleName.isDelegation(name)) {
      throw new MetadataFormatException("invalid delegation name " + RoleName.describe(name));
    }
    return new DelegatedRole(name, Fields.strings(json, "keyids"), threshold, paths);
  }

  public ObjectNode toJson() {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    ArrayNode ids = json.putArray("keyids");
    keyIds.forEach(ids::add);
    json.put("name", name);
    if (!paths.isEmpty()) {
      ArrayNode pathArray = json.putArray("paths");
      paths.forEach(pathArray::add);
    }
    json.put("threshold", threshold);
    return json;
  }
}
