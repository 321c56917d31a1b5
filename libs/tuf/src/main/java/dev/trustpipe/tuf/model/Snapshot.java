package dev.trustpipe.tuf.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** snapshot.json's {@code signed} value: length and digests of root, targets and delegations. */
public record Snapshot(int version, Instant expires, Map<String, MetaFile> meta)
    implements RoleMetadata {

  public static final String TYPE = "Snapshot";

  public Snapshot {
    if (version < 1) {
      throw new IllegalArgumentException("version must be at least 1");
    }
    Objects.requireNonNull(expires, "expires");
    meta = Collections.unmodifiableMap(new TreeMap<>(meta));
    for (String role : meta.keySet()) {
      if (!RoleName.isValid(role)
          || RoleName.SNAPSHOT.equals(role)
          || RoleName.TIMESTAMP.equals(role)) {
        throw new IllegalArgumentException("snapshot cannot list " + RoleName.describe(role));
      }
    }
    // Notary's isValidSnapshotStructure requires both.
    if (!meta.containsKey(RoleName.ROOT) || !meta.containsKey(RoleName.TARGETS)) {
      throw new IllegalArgumentException("snapshot must list root and targets");
    }
  }

  @Override
  public String type() {
    return TYPE;
  }

  static Snapshot fromJson(JsonNode signed) {
    return new Snapshot(
        Fields.integer(signed, "version"),
        Fields.time(signed, "expires"),
        metaFromJson(Fields.object(signed, "meta")));
  }

  static Map<String, MetaFile> metaFromJson(JsonNode json) {
    Map<String, MetaFile> meta = new TreeMap<>();
    for (Map.Entry<String, JsonNode> entry : json.properties()) {
      meta.put(entry.getKey(), MetaFile.fromJson(entry.getValue()));
    }
    return meta;
  }

  static ObjectNode metaToJson(Map<String, MetaFile> meta) {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    meta.forEach((role, file) -> json.set(role, file.toJson()));
    return json;
  }

  @Override
  public ObjectNode toJson() {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("_type", TYPE);
    json.put("expires", Rfc3339.format(expires));
    json.set("meta", metaToJson(meta));
    json.put("version", version);
    return json;
  }
}
