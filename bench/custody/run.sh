#!/usr/bin/env bash
# Signatures/s per custody backend, single vs batch: local keystore, Vault Transit (in-process test
# server, batches of 100), SoftHSM2 via SunPKCS11. Usage: bench/custody/run.sh [seconds-per-case] [warmup-seconds]
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
if [[ ! -d "$HERE/target/lib" || "${REBUILD:-0}" == 1 ]]; then
  (cd "$ROOT" && mvn -B -q install -DskipTests -Dspotless.check.skip=true -pl libs/tuf,libs/custody,libs/testkit)
  mvn -B -q -f "$HERE/pom.xml" package -Dspotless.check.skip=true
fi
# libsofthsm2 reads SOFTHSM2_CONF once per process: a token directory of this run's own
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
export SOFTHSM2_CONF="$WORK/softhsm2.conf"
exec java -cp "$HERE/target/classes:$HERE/target/lib/*" dev.trustpipe.bench.custody.CustodyThroughput "${1:-5}" "${2:-2}"
