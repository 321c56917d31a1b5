package dev.trustpipe.tuf.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** The {@code signed} value of targets.json and of every delegation ({@code _type} Targets). */
public record Targets(
    int version, Instant expires, Map<String, TargetFile> targets, Delegations delegations)
    implements RoleMetadata {

  public static final String TYPE = "Targets";

  public Targets {
    if (version < 1) {
      throw new IllegalArgumentException("version must be at least 1");
    }
    Objects.requireNonNull(expires, "expires");
    targets = Collections.unmodifiableMap(new TreeMap<>(targets));
    Objects.requireNonNull(delegations, "delegations");
  }

  /** No targets, no delegations. */
  public static Targets empty(int version, Instant expires) {
    return new Targets(version, expires, Map.of(), Delegations.none());
  }

  @Override
  public String type() {
    return TYPE;
  }

  public Targets withTargets(
      int newVersion, Instant newExpires, Map<String, TargetFile> newTargets) {
    return new Targets(newVersion, newExpires, newTargets, delegations);
  }

  static Targets fromJson(JsonNode signed) {
    JsonNode targetsJson = Fields.object(signed, "targets");
    Map<String, TargetFile> targets = new TreeMap<>();
    for (Map.Entry<String, JsonNode> entry : targetsJson.properties()) {
      targets.put(entry.getKey(), TargetFile.fromJson(entry.getValue()));
    }
    return new Targets(
        Fields.integer(signed, "version"),
        Fields.time(signed, "expires"),
        targets,
        Delegations.fromJson(Fields.object(signed, "delegations")));
  }

  @Override
  public ObjectNode toJson() {
    ObjectNode targetsJson = JsonNodeFactory.instance.objectNode();
    targets.forEach((name, file) -> targetsJson.set(name, file.toJson()));
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("_type", TYPE);
    json.set("delegations", delegations.toJson());
    json.put("expires", Rfc3339.format(expires));
    json.set("targets", targetsJson);
    json.put("version", version);
    return json;
  }
}
