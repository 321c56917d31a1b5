package dev.trustpipe.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.ValidationMessage;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a JSON Schema violation into a reason a person can act on. A failed {@code pattern} says
 * only "does not match ^(?:...)$"; for the value types the schemas share ({@code $defs/gun}, {@code
 * $defs/digest}, ...) the Java rule that mirrors the pattern says which part is wrong.
 */
final class SchemaProblemExplainer {

  private static final Pattern SHARED_DEFINITION = Pattern.compile("/\\$defs/([A-Za-z0-9]+)/");

  /**
   * The schemas' conditional rules (if/then/else, anyOf) by schema location; the validator would
   * report only their last step, e.g. "required property 'tag' not found".
   */
  private static final Map<String, String> CROSS_FIELD_RULES =
      Map.of(
          "#/$defs/ImagePushed/then/properties/digest/",
          "must be absent when digestResolution is REQUIRED (use RESOLVED for a digest looked up"
              + " after the event)",
          "#/$defs/ImagePushed/then/required",
          "digestResolution is REQUIRED but there is no tag to resolve the digest from",
          "#/$defs/ImagePushed/else/required",
          "digest is required unless digestResolution is REQUIRED",
          "#/$defs/TagDeleted/anyOf/",
          "a delete needs a tag, a digest or both; neither is present",
          "#/$defs/TrustChanged/then/properties/causeEventIds/minItems",
          "is empty; a PUSH or DELETE change names the events it applied");

  private final Map<String, Function<String, Optional<String>>> rules =
      Map.ofEntries(
          Map.entry("gun", value -> Gun.problem(value).map(p -> "GUN " + p)),
          Map.entry(
              "registryHost",
              value -> RegistryNames.hostProblem(value).map(p -> "registry host " + p)),
          Map.entry(
              "repository",
              value -> RegistryNames.repositoryProblem(value).map(p -> "repository " + p)),
          Map.entry("tag", value -> Tag.problem(value).map(p -> "tag " + p)),
          Map.entry("digest", value -> Digest.problem(value).map(p -> "digest " + p)),
          Map.entry("sha256Hex", FieldChecks::sha256HexProblem),
          Map.entry("role", FieldChecks::roleProblem),
          Map.entry(
              "text",
              value ->
                  FieldChecks.textProblem(value, FieldChecks.MAX_TEXT_CHARS)
                      .map(p -> FieldChecks.quote(value) + " " + p)),
          Map.entry("mediaType", FieldChecks::mediaTypeProblem),
          Map.entry("registrySource", FieldChecks::registrySourceProblem),
          Map.entry(
              "instant",
              value ->
                  Optional.of(
                      FieldChecks.quote(value)
                          + " is not an RFC 3339 date-time with offset,"
                          + " e.g. 2025-01-31T12:00:00Z")));

  String explain(ValidationMessage message) {
    String location = message.getInstanceLocation().toString();
    JsonNode value = message.getInstanceNode();
    if (value != null && value.isTextual()) {
      Matcher definition = SHARED_DEFINITION.matcher(message.getSchemaLocation().toString());
      if (definition.find() && rules.containsKey(definition.group(1))) {
        Optional<String> explained = rules.get(definition.group(1)).apply(value.textValue());
        if (explained.isPresent()) {
          return location + ": " + explained.get();
        }
      }
    }
    String schemaLocation = message.getSchemaLocation().toString();
    for (Map.Entry<String, String> rule : CROSS_FIELD_RULES.entrySet()) {
      if (schemaLocation.contains(rule.getKey())) {
        return location + ": " + rule.getValue();
      }
    }
    return message.getMessage();
  }
}
