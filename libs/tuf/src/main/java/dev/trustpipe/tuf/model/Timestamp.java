package dev.trustpipe.tuf.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/** timestamp.json's {@code signed} value: {@code meta} lists only the snapshot. */
public record Timestamp(int version, Instant expires, MetaFile snapshot) implements RoleMetadata {

  public static final String TYPE = "Timestamp";

  public Timestamp {
    if (version < 1) {
      throw new IllegalArgumentException("version must be at least 1");
    }
    Objects.requireNonNull(expires, "expires");
    Objects.requireNonNull(snapshot, "snapshot");
  }

  @Override
  public String type() {
    return TYPE;
  }

  /** {@code meta} as a map, as it appears in the document. */
  public Map<String, MetaFile> meta() {
    return Map.of(RoleName.SNAPSHOT, snapshot);
  }

  static Timestamp fromJson(JsonNode signed) {
    Map<String, MetaFile> meta = Snapshot.metaFromJson(Fields.object(signed, "meta"));
    MetaFile snapshot = meta.get(RoleName.SNAPSHOT);
    if (snapshot == null || meta.size() != 1) {
      throw new MetadataFormatException("timestamp meta must list exactly the snapshot");
    }
    return new Timestamp(
        Fields.integer(signed, "version"), Fields.time(signed, "expires"), snapshot);
  }

  @Override
  public ObjectNode toJson() {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("_type", TYPE);
    json.put("expires", Rfc3339.format(expires));
    json.set("meta", Snapshot.metaToJson(meta()));
    json.put("version", version);
    return json;
  }
}
