#!/usr/bin/env node
// Validates Kubernetes custom resources of the kinds deploy/k8s uses (Strimzi, CloudNativePG, KEDA)
// with the validators of the npm @kubernetes-models/* packages (package.json here), which are generated
// from the operators' own CRD OpenAPI schemas.
//
// Usage: node validate-crds.mjs [objects.json]   (no file: reads stdin)
// Input: a JSON array of Kubernetes objects. Output: one line per object, in input order:
//   ok <apiVersion>/<kind> <name>
//   error <apiVersion>/<kind> <name>: <what is wrong>
// Exit status: 0 if every object is ok, 1 if any is not, 2 if the input cannot be read.
//
// An object whose apiVersion/kind has no validator here is an error, not a pass.
// Note: these validators check types, enums, patterns and required fields, but do not reject unknown
// properties (the CRD schemas carry no additionalProperties: false), so a misspelt optional field passes.
import { readFileSync } from "node:fs";

import { Kafka } from "@kubernetes-models/strimzi-kafka-operator/kafka.strimzi.io/v1beta2/Kafka";
import { KafkaNodePool } from "@kubernetes-models/strimzi-kafka-operator/kafka.strimzi.io/v1beta2/KafkaNodePool";
import { KafkaTopic } from "@kubernetes-models/strimzi-kafka-operator/kafka.strimzi.io/v1beta2/KafkaTopic";
import { KafkaUser } from "@kubernetes-models/strimzi-kafka-operator/kafka.strimzi.io/v1beta2/KafkaUser";
import { Cluster } from "@kubernetes-models/cloudnative-pg/postgresql.cnpg.io/v1/Cluster";
import { Database } from "@kubernetes-models/cloudnative-pg/postgresql.cnpg.io/v1/Database";
import { ScheduledBackup } from "@kubernetes-models/cloudnative-pg/postgresql.cnpg.io/v1/ScheduledBackup";
import { ScaledObject } from "@kubernetes-models/keda/keda.sh/v1alpha1/ScaledObject";
import { TriggerAuthentication } from "@kubernetes-models/keda/keda.sh/v1alpha1/TriggerAuthentication";

const MODELS = new Map(
  [
    Kafka,
    KafkaNodePool,
    KafkaTopic,
    KafkaUser,
    Cluster,
    Database,
    ScheduledBackup,
    ScaledObject,
    TriggerAuthentication,
  ].map((model) => [`${model.apiVersion}/${model.kind}`, model]),
);

function oneLine(text) {
  return String(text).replace(/\s+/g, " ").trim();
}

function id(object) {
  const apiVersion = object?.apiVersion ?? "?";
  const kind = object?.kind ?? "?";
  const name = object?.metadata?.name ?? "?";
  return `${apiVersion}/${kind} ${name}`;
}

function check(object) {
  if (object === null || typeof object !== "object" || Array.isArray(object)) {
    return `not an object: ${oneLine(JSON.stringify(object))}`;
  }
  const gvk = `${object.apiVersion}/${object.kind}`;
  const Model = MODELS.get(gvk);
  if (!Model) {
    return `no CRD validator for ${gvk} (validate-crds.mjs knows ${[...MODELS.keys()].join(", ")})`;
  }
  try {
    new Model(object).validate();
    return null;
  } catch (e) {
    return oneLine(e?.message ?? e);
  }
}

let objects;
try {
  const file = process.argv[2];
  const text = readFileSync(file && file !== "-" ? file : 0, "utf8");
  objects = JSON.parse(text);
  if (!Array.isArray(objects)) {
    throw new Error("expected a JSON array of Kubernetes objects");
  }
} catch (e) {
  console.error(`validate-crds: cannot read input: ${oneLine(e?.message ?? e)}`);
  process.exit(2);
}

let failed = 0;
for (const object of objects) {
  const problem = check(object);
  if (problem === null) {
    console.log(`ok ${id(object)}`);
  } else {
    failed++;
    console.log(`error ${id(object)}: ${problem}`);
  }
}
process.exitCode = failed === 0 ? 0 : 1;
