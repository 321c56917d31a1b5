package dev.trustpipe.deploy.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every object the dev and production overlays render validates: core kinds against the vendored
 * Kubernetes JSON Schemas, custom resources with the npm {@code @kubernetes-models/*} validators
 * ({@link CrdValidator}).
 */
class RenderedSchemaTest {

  @ParameterizedTest
  @ValueSource(strings = {"dev", "production"})
  void everyRenderedObjectValidatesAgainstItsSchema(String overlay) {
    List<ObjectNode> objects = Rendered.overlay(overlay);

    assertThat(Schemas.problems(objects)).isEmpty();
    Set<String> kinds = objects.stream().map(Schemas::gvk).collect(Collectors.toSet());
    assertThat(kinds)
        .contains(
            "apps/v1/Deployment",
            "v1/Service",
            "v1/ConfigMap",
            "v1/ServiceAccount",
            "policy/v1/PodDisruptionBudget",
            "networking.k8s.io/v1/NetworkPolicy",
            "autoscaling/v2/HorizontalPodAutoscaler",
            "kafka.strimzi.io/v1beta2/Kafka",
            "kafka.strimzi.io/v1beta2/KafkaTopic",
            "kafka.strimzi.io/v1beta2/KafkaUser",
            "kafka.strimzi.io/v1beta2/KafkaNodePool",
            "postgresql.cnpg.io/v1/Cluster",
            "postgresql.cnpg.io/v1/Database",
            "keda.sh/v1alpha1/ScaledObject",
            "keda.sh/v1alpha1/TriggerAuthentication");
    assertThat(Rendered.ofKind(objects, "Deployment"))
        .extracting(o -> o.path("metadata").path("name").asText())
        .containsExactlyInAnyOrder(
            "ingest-service", "signing-service", "timestamp-service", "audit-service");
    assertThat(Rendered.ofKind(objects, "KafkaTopic"))
        .extracting(o -> o.path("metadata").path("name").asText())
        .containsExactlyInAnyOrder(
            "trustpipe.registry.events", "trustpipe.trust.changes", "trustpipe.dead-letter");
  }

  @Test
  void aTypoInADeploymentSpecIsRejected() {
    ObjectNode deployment =
        Rendered.named(Rendered.overlay("production"), "Deployment", "ingest-service").deepCopy();
    assertThat(Schemas.problems(deployment)).isEmpty();

    ObjectNode spec = (ObjectNode) deployment.path("spec");
    spec.put("replica", 3); // should be "replicas"

    assertThat(Schemas.problems(deployment))
        .anySatisfy(p -> assertThat(p).contains("Deployment ingest-service").contains("replica"));
  }

  @Test
  void aTypoInAContainerAndAWrongTypeAreRejected() {
    ObjectNode deployment =
        Rendered.named(Rendered.overlay("production"), "Deployment", "signing-service").deepCopy();
    ObjectNode container =
        (ObjectNode)
            deployment.path("spec").path("template").path("spec").path("containers").get(0);
    container.set("readinesProbe", container.remove("readinessProbe"));
    assertThat(Schemas.problems(deployment))
        .anySatisfy(p -> assertThat(p).contains("readinesProbe"));

    ObjectNode other =
        Rendered.named(Rendered.overlay("production"), "Deployment", "signing-service").deepCopy();
    ((ObjectNode) other.path("spec").path("template").path("spec"))
        .put("automountServiceAccountToken", "yes");
    assertThat(Schemas.problems(other)).isNotEmpty();
  }

  /*
   * The @kubernetes-models CRD validators check types, enums, bounds and required fields, but they do
   * NOT reject unknown properties: the operators' CRD schemas carry no additionalProperties: false
   * (checked: spec.partitons on a KafkaTopic, spec.maxReplicas on a ScaledObject and spec.instance
   * beside spec.instances on a Cluster all pass). So the negative cases below are a wrong type, a
   * value out of range, and a misspelt required field (which shows up as the required one missing).
   */
  @Test
  void customResourcesAreCheckedToo() {
    List<ObjectNode> objects = Rendered.overlay("production");
    ObjectNode topic =
        Rendered.named(objects, "KafkaTopic", "trustpipe.registry.events").deepCopy();
    ObjectNode scaled = Rendered.named(objects, "ScaledObject", "signing-service").deepCopy();
    ObjectNode cluster = Rendered.named(objects, "Cluster", "trustpipe-pg").deepCopy();
    assertThat(Schemas.problems(List.of(topic, scaled, cluster))).isEmpty();

    ((ObjectNode) topic.path("spec")).put("partitions", "twelve"); // wrong type
    assertThat(Schemas.problems(topic))
        .singleElement()
        .asString()
        .contains("KafkaTopic trustpipe.registry.events")
        .contains("spec/partitions must be integer");

    ObjectNode noPartitions = topic.deepCopy();
    ((ObjectNode) noPartitions.path("spec")).put("partitions", 0); // below minimum 1
    assertThat(Schemas.problems(noPartitions))
        .singleElement()
        .asString()
        .contains("spec/partitions must be >= 1");

    ((ObjectNode) scaled.path("spec")).put("maxReplicaCount", "six"); // wrong type
    assertThat(Schemas.problems(scaled))
        .singleElement()
        .asString()
        .contains("ScaledObject signing-service")
        .contains("spec/maxReplicaCount must be integer");

    ObjectNode clusterSpec = (ObjectNode) cluster.path("spec");
    clusterSpec.set("instance", clusterSpec.remove("instances")); // misspelt required field
    assertThat(Schemas.problems(cluster))
        .singleElement()
        .asString()
        .contains("Cluster trustpipe-pg")
        .contains("must have required property instances");
  }

  @Test
  void oneBadCustomResourceAmongGoodOnesIsReportedAlone() {
    List<ObjectNode> objects =
        new ArrayList<>(Rendered.overlay("dev").stream().map(ObjectNode::deepCopy).toList());
    ObjectNode scaled = Rendered.named(objects, "ScaledObject", "signing-service");
    ((ObjectNode) scaled.path("spec").path("triggers").get(0)).remove("type");
    assertThat(Schemas.problems(objects))
        .singleElement()
        .asString()
        .contains("ScaledObject signing-service")
        .contains("triggers/0 must have required property type");
  }

  @Test
  void anUnknownKindIsNotSilentlyAccepted() {
    ObjectNode unknown = Rendered.YAML.createObjectNode();
    unknown.put("apiVersion", "example.com/v1").put("kind", "Gadget");
    unknown.putObject("metadata").put("name", "x");
    assertThat(Schemas.problems(unknown))
        .singleElement()
        .asString()
        .contains("example.com/v1/Gadget x")
        .contains("no CRD validator for example.com/v1/Gadget");

    ObjectNode otherVersion = Rendered.YAML.createObjectNode();
    otherVersion.put("apiVersion", "kafka.strimzi.io/v1").put("kind", "KafkaTopic");
    otherVersion.putObject("metadata").put("name", "t");
    assertThat(Schemas.problems(otherVersion))
        .singleElement()
        .asString()
        .contains("no CRD validator for kafka.strimzi.io/v1/KafkaTopic");
  }
}
