// Collects the JSON Schemas that kubernetes-models registers, into one draft-07 document per kind.
const v = require("@kubernetes-models/validate");
const collected = {};
v.register = (id, schema) => { collected[id] = schema; };
const kinds = {
  "apps/v1/Deployment": "IoK8sApiAppsV1Deployment",
  "v1/Service": "IoK8sApiCoreV1Service",
  "v1/ConfigMap": "IoK8sApiCoreV1ConfigMap",
  "v1/ServiceAccount": "IoK8sApiCoreV1ServiceAccount",
  "v1/Secret": "IoK8sApiCoreV1Secret",
  "v1/Namespace": "IoK8sApiCoreV1Namespace",
  "policy/v1/PodDisruptionBudget": "IoK8sApiPolicyV1PodDisruptionBudget",
  "networking.k8s.io/v1/NetworkPolicy": "IoK8sApiNetworkingV1NetworkPolicy",
  "autoscaling/v2/HorizontalPodAutoscaler": "IoK8sApiAutoscalingV2HorizontalPodAutoscaler",
};
const out = process.argv[2];
const fs = require("fs");
function strict(node) {
  if (Array.isArray(node)) return node.map(strict);
  if (node && typeof node === "object") {
    const r = {};
    for (const [k, val] of Object.entries(node)) {
      if (k === "$ref") r[k] = "#/definitions/" + val.replace(/#$/, "");
      else if (k === "nullable") continue;
      else if (k === "format" && !["date-time"].includes(val)) continue; // int32/int64/byte/int-or-string: not JSON Schema formats
      else r[k] = strict(val);
    }
    if (node.nullable === true && typeof r.type === "string") r.type = [r.type, "null"];
    if (r.properties && r.additionalProperties === undefined && !node["x-kubernetes-preserve-unknown-fields"]) r.additionalProperties = false;
    return r;
  }
  return node;
}
for (const [gvk, file] of Object.entries(kinds)) {
  for (const k of Object.keys(collected)) delete collected[k];
  require(require("path").join(__dirname, "node_modules/kubernetes-models/_schemas", file + ".js")).addSchema();
  const rootId = Object.keys(collected).find((id) => id.endsWith("." + gvk.split("/").pop()) && collected[id].properties && collected[id].properties.kind);
  const defs = {};
  for (const [id, s] of Object.entries(collected)) defs[id] = strict(s);
  const doc = { $schema: "http://json-schema.org/draft-07/schema#", $ref: "#/definitions/" + rootId, definitions: defs };
  const name = gvk.toLowerCase().replace(/\//g, "_").replace(/\./g, "-") + ".json";
  fs.writeFileSync(out + "/" + name, JSON.stringify(doc, null, 1) + "\n");
  console.log(gvk, "->", name, rootId, Object.keys(defs).length, "definitions");
}
