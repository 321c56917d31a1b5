package dev.trustpipe.deploy.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The deployment policies that matter; each method returns the violations it finds. */
final class Policies {

  /** ConfigMap keys and env names that would hold a secret value. */
  static final Pattern SECRET_NAME =
      Pattern.compile(
          "(?i).*(password|passwd|secret|token|credential|private[-_]?key|api[-_]?key|jaas).*");

  private Policies() {}

  /** Non-root, read-only root filesystem, no escalation, no capabilities, limits, /tmp emptyDir. */
  static List<String> containers(ObjectNode deployment) {
    List<String> violations = new ArrayList<>();
    String id = Rendered.id(deployment);
    JsonNode pod = deployment.path("spec").path("template").path("spec");
    boolean podNonRoot = pod.path("securityContext").path("runAsNonRoot").asBoolean(false);
    List<JsonNode> all = new ArrayList<>();
    pod.path("initContainers").forEach(all::add);
    pod.path("containers").forEach(all::add);
    if (all.isEmpty()) {
      violations.add(id + ": no containers");
    }
    for (JsonNode c : all) {
      String where = id + " container " + c.path("name").asText();
      JsonNode sc = c.path("securityContext");
      boolean nonRoot =
          sc.has("runAsNonRoot") ? sc.path("runAsNonRoot").asBoolean(false) : podNonRoot;
      if (!nonRoot) violations.add(where + ": runAsNonRoot is not true");
      if (sc.path("runAsUser").asInt(1) == 0
          || pod.path("securityContext").path("runAsUser").asInt(1) == 0)
        violations.add(where + ": runs as uid 0");
      if (!sc.path("readOnlyRootFilesystem").asBoolean(false))
        violations.add(where + ": readOnlyRootFilesystem is not true");
      if (sc.path("allowPrivilegeEscalation").asBoolean(true))
        violations.add(where + ": allowPrivilegeEscalation is not false");
      if (sc.path("privileged").asBoolean(false)) violations.add(where + ": privileged");
      boolean dropsAll = false;
      for (JsonNode cap : sc.path("capabilities").path("drop"))
        dropsAll |= "ALL".equals(cap.asText());
      if (!dropsAll) violations.add(where + ": does not drop ALL capabilities");
      if (sc.path("capabilities").path("add").size() > 0)
        violations.add(where + ": adds capabilities");
      for (String kind : List.of("limits", "requests"))
        for (String resource : List.of("cpu", "memory"))
          if (c.path("resources").path(kind).path(resource).asText("").isBlank())
            violations.add(where + ": resources." + kind + "." + resource + " not set");
      boolean tmp = false;
      for (JsonNode mount : c.path("volumeMounts")) {
        if ("/tmp".equals(mount.path("mountPath").asText())) {
          for (JsonNode v : pod.path("volumes"))
            tmp |= v.path("name").asText().equals(mount.path("name").asText()) && v.has("emptyDir");
        }
      }
      if (!tmp) violations.add(where + ": no emptyDir at /tmp");
      for (JsonNode env : c.path("env")) {
        if (SECRET_NAME.matcher(env.path("name").asText()).matches()
            && !env.path("value").asText("").isEmpty())
          violations.add(where + ": env " + env.path("name").asText() + " has a literal value");
      }
    }
    return violations;
  }

  /** Probes on the Actuator liveness and readiness groups, on a port the container declares. */
  static List<String> probes(ObjectNode deployment) {
    List<String> violations = new ArrayList<>();
    for (JsonNode c : deployment.path("spec").path("template").path("spec").path("containers")) {
      String where = Rendered.id(deployment) + " container " + c.path("name").asText();
      List<String> ports = new ArrayList<>();
      c.path("ports").forEach(p -> ports.add(p.path("name").asText()));
      Map<String, String> expected =
          Map.of(
              "livenessProbe", "/actuator/health/liveness",
              "readinessProbe", "/actuator/health/readiness");
      expected.forEach(
          (probe, path) -> {
            JsonNode get = c.path(probe).path("httpGet");
            if (!path.equals(get.path("path").asText()))
              violations.add(where + ": " + probe + " is not GET " + path);
            if (!ports.contains(get.path("port").asText()))
              violations.add(where + ": " + probe + " port is not a declared container port");
          });
    }
    return violations;
  }

  /**
   * No ConfigMap carries a literal secret: secret-like keys are empty, a file path or a boolean
   * switch (e.g. TRUSTPIPE_AUDIT_GENERATE_TOKEN).
   */
  static List<String> configMap(ObjectNode configMap) {
    List<String> violations = new ArrayList<>();
    configMap
        .path("data")
        .fields()
        .forEachRemaining(
            e -> {
              String value = e.getValue().asText("");
              if (SECRET_NAME.matcher(e.getKey()).matches()
                  && !value.isEmpty()
                  && !value.startsWith("/")
                  && !value.equals("true")
                  && !value.equals("false"))
                violations.add(
                    Rendered.id(configMap) + ": " + e.getKey() + " holds a literal value");
            });
    return violations;
  }

  /** Parsed {@code path "..." { capabilities = [...] }} blocks of a Vault policy (HCL). */
  static Map<String, List<String>> vaultPaths(String hcl) {
    Map<String, List<String>> paths = new LinkedHashMap<>();
    String text = hcl.replaceAll("(?m)^\\s*#.*$", "");
    Matcher m =
        Pattern.compile("path\\s+\"([^\"]+)\"\\s*\\{\\s*capabilities\\s*=\\s*\\[([^]]*)]\\s*}")
            .matcher(text);
    int consumed = 0;
    while (m.find()) {
      List<String> caps = new ArrayList<>();
      for (String cap : m.group(2).split(",")) {
        if (!cap.isBlank()) caps.add(cap.strip().replace("\"", ""));
      }
      paths.put(m.group(1), caps);
      consumed += m.group().replaceAll("\\s", "").length();
    }
    if (consumed != text.replaceAll("\\s", "").length()) {
      throw new IllegalArgumentException("policy has statements this check does not understand");
    }
    return paths;
  }

  /**
   * A service's Vault policy touches only {@code <mount>/keys/<key>} and {@code <mount>/sign/<key>}
   * with {@code key} its own key pattern, and only the capabilities it needs.
   */
  static List<String> vaultPolicy(
      String service,
      Map<String, List<String>> paths,
      String mount,
      String key,
      boolean mayCreate) {
    return vaultPolicy(service, paths, mount, key, mayCreate, false);
  }

  /** As above; {@code mayRotate}: the service may also add key versions (keys/KEY/rotate). */
  static List<String> vaultPolicy(
      String service,
      Map<String, List<String>> paths,
      String mount,
      String key,
      boolean mayCreate,
      boolean mayRotate) {
    List<String> violations = new ArrayList<>();
    Map<String, List<String>> allowed =
        Map.of(
            mount + "/keys/" + key,
            mayCreate ? List.of("create", "read") : List.of("read"),
            mount + "/sign/" + key,
            List.of("update"));
    // Vault globs "*" only at the end of a path; "+" is one segment (any key name)
    String rotatePath = mount + "/keys/" + (key.equals("*") ? "+" : key) + "/rotate";
    paths.forEach(
        (path, caps) -> {
          List<String> ok =
              mayRotate && path.equals(rotatePath) ? List.of("update") : allowed.get(path);
          if (ok == null) violations.add(service + ": path " + path + " is not its own key");
          else if (!ok.containsAll(caps))
            violations.add(service + ": " + path + " grants " + caps + ", more than " + ok);
        });
    if (!paths.keySet().containsAll(allowed.keySet()))
      violations.add(service + ": cannot sign with or read its keys: " + allowed.keySet());
    return violations;
  }

  /**
   * NetworkPolicy peers may only select pods by labels those pods really carry: the operators' own
   * labels for Kafka and PostgreSQL, kube-dns's k8s-app, and TrustPipe's app.kubernetes.io/name. (A
   * common label injected into peer selectors would silently cut DNS or the database off.)
   */
  static List<String> networkPolicyPeers(ObjectNode policy) {
    List<String> allowedKeys =
        List.of("strimzi.io/cluster", "cnpg.io/cluster", "k8s-app", "app.kubernetes.io/name");
    List<String> violations = new ArrayList<>();
    for (String direction : List.of("ingress", "egress")) {
      String peers = direction.equals("ingress") ? "from" : "to";
      for (JsonNode rule : policy.path("spec").path(direction)) {
        for (JsonNode peer : rule.path(peers)) {
          peer.path("podSelector")
              .path("matchLabels")
              .fieldNames()
              .forEachRemaining(
                  key -> {
                    if (!allowedKeys.contains(key))
                      violations.add(
                          Rendered.id(policy) + ": " + direction + " peer selects on " + key);
                  });
        }
      }
    }
    return violations;
  }
}
