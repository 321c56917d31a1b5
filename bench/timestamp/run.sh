#!/usr/bin/env bash
# Timestamp renewal benchmark (issue 6): renewals/s with the local keystore, and the time of a pass
# with PASS_DUE due repositories among each STORED count. See README.md.
# Env: DUE (100000), PASS_DUE (1000), STORED (10000,1000000), BATCH (500), PARALLELISM (2),
#      TRUSTPIPE_TEST_PG (jdbc:postgresql://127.0.0.1:5432/), TRUSTPIPE_TEST_PG_USER (postgres).
# Prerequisite: the modules are installed (mvn -B install -DskipTests -Dspotless.check.skip=true
# -pl libs/trust-store,timestamp-service, with signing-service installed before).
set -euo pipefail
BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH/../.." && pwd)"
CP_FILE="$BENCH/target/classpath.txt"
mkdir -p "$BENCH/target"
mvn -B -q -f "$ROOT/timestamp-service/pom.xml" dependency:build-classpath \
  -Dmdep.outputFile="$CP_FILE" -Dmdep.includeScope=runtime
CP="$ROOT/timestamp-service/target/classes:$(cat "$CP_FILE")"
exec java ${JAVA_OPTS:-} -cp "$CP" "$BENCH/RenewalBenchmark.java"
