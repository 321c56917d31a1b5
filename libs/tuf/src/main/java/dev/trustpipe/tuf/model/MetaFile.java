package dev.trustpipe.tuf.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * An entry of snapshot/timestamp {@code meta}: the exact length and digests of the referenced
 * file's served bytes.
 */
public record MetaFile(long length, Hashes hashes) {
  public MetaFile {
    if (length < 0) {
      throw new IllegalArgumentException("length must not be negative");
    }
    Objects.requireNonNull(hashes, "hashes");
  }

  /** Length, SHA-256 and SHA-512 of {@code bytes}. */
  public static MetaFile of(byte[] bytes) {
    return new MetaFile(bytes.length, Hashes.of(bytes));
  }

  /** Whether {@code bytes} have this length and these digests. */
  public boolean matches(byte[] bytes) {
    return bytes.length == length && hashes.matches(bytes);
  }

  static MetaFile fromJson(JsonNode json) {
    if (!json.isObject()) {
      throw new MetadataFormatException("meta entry must be an object");
    }
    long length = Fields.longInteger(json, "length");
    if (length < 0) {
      throw new MetadataFormatException("\"length\" must not be negative");
    }
    return new MetaFile(length, Hashes.fromJson(Fields.object(json, "hashes")));
  }

  /** {@code {"hashes":{...},"length":n}}. */
  public ObjectNode toJson() {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.set("hashes", hashes.toJson());
    json.put("length", length);
    return json;
  }
}
