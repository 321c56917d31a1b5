package dev.trustpipe.deploy.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Validation of rendered objects: core Kubernetes kinds against the vendored JSON Schemas
 * (src/test/resources/schemas/README.md), one per apiVersion + kind; every other kind (the Strimzi,
 * CloudNativePG and KEDA custom resources) with {@link CrdValidator}. An object of a kind neither
 * knows is an error, not a pass.
 */
final class Schemas {

  private static final Map<String, String> FILES =
      Map.ofEntries(
          Map.entry("apps/v1/Deployment", "kubernetes/apps_v1_deployment.json"),
          Map.entry("v1/Service", "kubernetes/v1_service.json"),
          Map.entry("v1/ConfigMap", "kubernetes/v1_configmap.json"),
          Map.entry("v1/ServiceAccount", "kubernetes/v1_serviceaccount.json"),
          Map.entry("v1/Secret", "kubernetes/v1_secret.json"),
          Map.entry("v1/Namespace", "kubernetes/v1_namespace.json"),
          Map.entry(
              "policy/v1/PodDisruptionBudget", "kubernetes/policy_v1_poddisruptionbudget.json"),
          Map.entry(
              "networking.k8s.io/v1/NetworkPolicy",
              "kubernetes/networking-k8s-io_v1_networkpolicy.json"),
          Map.entry(
              "autoscaling/v2/HorizontalPodAutoscaler",
              "kubernetes/autoscaling_v2_horizontalpodautoscaler.json"));

  private static final JsonSchemaFactory FACTORY =
      JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7);
  private static final Map<String, JsonSchema> LOADED = new ConcurrentHashMap<>();

  private Schemas() {}

  static String gvk(JsonNode object) {
    return object.path("apiVersion").asText() + "/" + object.path("kind").asText();
  }

  /** Whether a vendored JSON Schema covers this object's apiVersion + kind (core kinds). */
  static boolean covers(JsonNode object) {
    return FILES.containsKey(gvk(object));
  }

  /**
   * Validation messages for all objects: core kinds against their JSON Schema, the rest (custom
   * resources) in one call of {@link CrdValidator}, which reports kinds it has no validator for.
   */
  static List<String> problems(List<? extends JsonNode> objects) {
    List<String> problems = new ArrayList<>();
    List<JsonNode> custom = new ArrayList<>();
    for (JsonNode object : objects) {
      if (covers(object)) {
        problems.addAll(problems(object));
      } else {
        custom.add(object);
      }
    }
    problems.addAll(CrdValidator.problems(custom));
    return problems;
  }

  /** Validation messages for one object; custom resources go to {@link CrdValidator}. */
  static List<String> problems(JsonNode object) {
    if (!covers(object)) {
      return CrdValidator.problems(List.of(object));
    }
    String file = FILES.get(gvk(object));
    JsonSchema schema =
        LOADED.computeIfAbsent(
            file, f -> FACTORY.getSchema(SchemaLocation.of("classpath:schemas/" + f)));
    return schema.validate(object).stream()
        .map(ValidationMessage::getMessage)
        .map(m -> Rendered.id(object) + ": " + m)
        .toList();
  }
}
