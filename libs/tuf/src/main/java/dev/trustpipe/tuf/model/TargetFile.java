package dev.trustpipe.tuf.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@code targets} entry: the image manifest's length and digests, plus an optional {@code custom}
 * value kept verbatim.
 *
 * @param custom any JSON value, or {@code null} when absent (a JSON {@code null} counts as absent,
 *     as in Go where it decodes to a nil pointer and is omitted again)
 */
public record TargetFile(long length, Hashes hashes, JsonNode custom) {
  public TargetFile {
    if (length < 0) {
      throw new IllegalArgumentException("length must not be negative");
    }
    Objects.requireNonNull(hashes, "hashes");
    custom = custom == null || custom.isNull() || custom.isMissingNode() ? null : custom.deepCopy();
  }

  public TargetFile(long length, Hashes hashes) {
    this(length, hashes, null);
  }

  /** A copy: the record stays immutable. */
  @Override
  public JsonNode custom() {
    return custom == null ? null : custom.deepCopy();
  }

  public Optional<JsonNode> customValue() {
    return Optional.ofNullable(custom());
  }

  static TargetFile fromJson(JsonNode json) {
    if (!json.isObject()) {
      throw new MetadataFormatException("target entry must be an object");
    }
    long length = Fields.longInteger(json, "length");
    if (length < 0) {
      throw new MetadataFormatException("\"length\" must not be negative");
    }
    return new TargetFile(
        length, Hashes.fromJson(Fields.object(json, "hashes")), json.get("custom"));
  }

  /** {@code {"custom":..?,"hashes":{...},"length":n}}. */
  public ObjectNode toJson() {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    if (custom != null) {
      json.set("custom", custom.deepCopy());
    }
    json.set("hashes", hashes.toJson());
    json.put("length", length);
    return json;
  }
}
