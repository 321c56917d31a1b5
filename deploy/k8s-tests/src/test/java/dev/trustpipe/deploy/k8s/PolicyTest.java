package dev.trustpipe.deploy.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PolicyTest {

  @ParameterizedTest
  @ValueSource(strings = {"dev", "production"})
  void everyContainerIsLockedDownWithLimitsAndActuatorProbes(String overlay) {
    List<ObjectNode> objects = Rendered.overlay(overlay);
    List<String> violations = new ArrayList<>();
    for (ObjectNode d : Rendered.ofKind(objects, "Deployment")) {
      violations.addAll(Policies.containers(d));
      violations.addAll(Policies.probes(d));
    }
    assertThat(Rendered.ofKind(objects, "Deployment")).hasSize(4);
    assertThat(violations).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "production"})
  void noSecretValueIsCommitted(String overlay) {
    List<ObjectNode> objects = Rendered.overlay(overlay);
    List<String> violations = new ArrayList<>();
    Rendered.ofKind(objects, "ConfigMap").forEach(c -> violations.addAll(Policies.configMap(c)));
    assertThat(violations).isEmpty();
    // Secrets are referenced by name, never rendered
    assertThat(Rendered.ofKind(objects, "Secret")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "production"})
  void networkPolicyPeersSelectOnlyLabelsTheirPodsCarry(String overlay) {
    List<ObjectNode> objects = Rendered.overlay(overlay);
    List<String> violations = new ArrayList<>();
    Rendered.ofKind(objects, "NetworkPolicy")
        .forEach(p -> violations.addAll(Policies.networkPolicyPeers(p)));
    assertThat(Rendered.ofKind(objects, "NetworkPolicy")).hasSize(4);
    assertThat(violations).isEmpty();

    ObjectNode doctored = Rendered.named(objects, "NetworkPolicy", "audit-service").deepCopy();
    ((ObjectNode)
            doctored
                .path("spec")
                .path("egress")
                .get(0)
                .path("to")
                .get(0)
                .path("podSelector")
                .path("matchLabels"))
        .put("app.kubernetes.io/part-of", "trustpipe");
    assertThat(Policies.networkPolicyPeers(doctored))
        .singleElement()
        .asString()
        .contains("app.kubernetes.io/part-of");
  }

  @Test
  void theSigningServiceProbesItsHttpsNotaryPort() {
    ObjectNode signing =
        Rendered.named(Rendered.overlay("production"), "Deployment", "signing-service");
    var container = signing.path("spec").path("template").path("spec").path("containers").get(0);
    assertThat(container.path("ports").get(0).path("containerPort").asInt()).isEqualTo(4443);
    for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
      assertThat(container.path(probe).path("httpGet").path("scheme").asText())
          .as(probe)
          .isEqualTo("HTTPS");
    }
  }

  @Test
  void theCheckersCatchWhatTheyAreFor() {
    List<ObjectNode> objects = Rendered.overlay("production");
    ObjectNode deployment = Rendered.named(objects, "Deployment", "audit-service").deepCopy();
    ObjectNode container =
        (ObjectNode)
            deployment.path("spec").path("template").path("spec").path("containers").get(0);
    ((ObjectNode) container.path("securityContext")).put("readOnlyRootFilesystem", false);
    ((ObjectNode) container.path("resources")).remove("limits");
    ((ArrayNode) container.withArray("env"))
        .addObject()
        .put("name", "DB_PASSWORD")
        .put("value", "hunter2");
    ((ObjectNode) container.path("livenessProbe").path("httpGet")).put("path", "/actuator/health");

    assertThat(Policies.containers(deployment))
        .anySatisfy(v -> assertThat(v).contains("readOnlyRootFilesystem"))
        .anySatisfy(v -> assertThat(v).contains("resources.limits.memory"))
        .anySatisfy(v -> assertThat(v).contains("DB_PASSWORD"));
    assertThat(Policies.probes(deployment))
        .anySatisfy(v -> assertThat(v).contains("livenessProbe"));

    ObjectNode configMap = Rendered.named(objects, "ConfigMap", "trustpipe-common").deepCopy();
    ((ObjectNode) configMap.path("data")).put("TRUSTPIPE_DB_PASSWORD", "hunter2");
    assertThat(Policies.configMap(configMap))
        .singleElement()
        .asString()
        .contains("TRUSTPIPE_DB_PASSWORD");
  }

  @Test
  void eachVaultPolicyIsLimitedToItsOwnKeys() throws IOException {
    Path vault = Rendered.repoRoot().resolve("deploy/k8s/vault");
    List<String> violations = new ArrayList<>();
    violations.addAll(
        Policies.vaultPolicy(
            "signing-service",
            policy(vault, "signing-service"),
            "trustpipe-transit",
            "*",
            true,
            true));
    violations.addAll(
        Policies.vaultPolicy(
            "timestamp-service",
            policy(vault, "timestamp-service"),
            "trustpipe-transit",
            "*",
            false));
    violations.addAll(
        Policies.vaultPolicy(
            "audit-service",
            policy(vault, "audit-service"),
            "trustpipe-audit-transit",
            "trustpipe-audit-checkpoint",
            true));
    assertThat(violations).isEmpty();
    try (var files = Files.list(vault)) {
      assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".hcl")))
          .as("ingest-service has no custody and so no Vault policy")
          .containsExactlyInAnyOrder(
              "trustpipe-signing-service.hcl",
              "trustpipe-timestamp-service.hcl",
              "trustpipe-audit-service.hcl");
    }
  }

  @Test
  void theDeploymentsUseTheVaultRolesAndMountsThePoliciesCover() {
    List<ObjectNode> objects = Rendered.overlay("production");
    Map<String, String> mounts =
        Map.of(
            "signing-service", "trustpipe-transit",
            "timestamp-service", "trustpipe-transit",
            "audit-service", "trustpipe-audit-transit");
    mounts.forEach(
        (service, mount) -> {
          var data = Rendered.named(objects, "ConfigMap", service).path("data");
          assertThat(data.path("TRUSTPIPE_VAULT_K8S_ROLE").asText())
              .isEqualTo("trustpipe-" + service);
          assertThat(data.path("TRUSTPIPE_VAULT_TRANSIT_MOUNT").asText()).isEqualTo(mount);
          assertThat(
                  Rendered.named(objects, "Deployment", service)
                      .path("spec")
                      .path("template")
                      .path("spec")
                      .path("serviceAccountName")
                      .asText())
              .isEqualTo(service);
        });
    assertThat(
            Rendered.named(objects, "ConfigMap", "audit-service")
                .path("data")
                .path("TRUSTPIPE_AUDIT_KEY_NAME")
                .asText())
        .isEqualTo("trustpipe-audit-checkpoint");
    assertThat(
            Rendered.named(objects, "ConfigMap", "ingest-service")
                .path("data")
                .has("TRUSTPIPE_VAULT_K8S_ROLE"))
        .isFalse();
  }

  @Test
  void aPolicyReachingBeyondItsKeysIsReported() {
    Map<String, List<String>> paths =
        Policies.vaultPaths(
            """
            path "trustpipe-audit-transit/keys/trustpipe-audit-checkpoint" { capabilities = ["create", "read"] }
            path "trustpipe-audit-transit/sign/trustpipe-audit-checkpoint" { capabilities = ["update"] }
            path "trustpipe-transit/sign/*" { capabilities = ["update"] }
            path "trustpipe-audit-transit/keys/trustpipe-audit-checkpoint/rotate" { capabilities = ["update"] }
            """);
    assertThat(
            Policies.vaultPolicy(
                "audit-service",
                paths,
                "trustpipe-audit-transit",
                "trustpipe-audit-checkpoint",
                true))
        .hasSize(2);
    Map<String, List<String>> tooStrong =
        Policies.vaultPaths(
            """
            path "trustpipe-transit/keys/*" { capabilities = ["create", "read", "delete"] }
            path "trustpipe-transit/sign/*" { capabilities = ["update"] }
            """);
    assertThat(
            Policies.vaultPolicy("timestamp-service", tooStrong, "trustpipe-transit", "*", false))
        .singleElement()
        .asString()
        .contains("more than");
  }

  private static Map<String, List<String>> policy(Path dir, String service) throws IOException {
    return Policies.vaultPaths(Files.readString(dir.resolve("trustpipe-" + service + ".hcl")));
  }
}
