#!/usr/bin/env bash
# OCI signatures/s into the real Distribution registry (Debian docker-registry) and the time each
# adds per push. Usage: bench/oci/run.sh [images] [repositories] [threads]
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
if [[ ! -d "$HERE/target/lib" || "${REBUILD:-0}" == 1 ]]; then
  (cd "$ROOT" && mvn -B -q install -DskipTests -Dspotless.check.skip=true -pl signing-service -am)
  mvn -B -q -f "$HERE/pom.xml" package -Dspotless.check.skip=true
fi
command -v docker-registry >/dev/null || { echo "needs Debian's docker-registry (scripts/install-test-deps.sh)" >&2; exit 1; }
WORK="$(mktemp -d)"
PORT="${REGISTRY_PORT:-5055}"
cat > "$WORK/config.yml" <<YAML
version: 0.1
log: {level: error, accesslog: {disabled: true}}
storage: {filesystem: {rootdirectory: $WORK/data}, delete: {enabled: true}}
http: {addr: 127.0.0.1:$PORT}
YAML
docker-registry serve "$WORK/config.yml" > "$WORK/registry.log" 2>&1 &
REGISTRY_PID=$!
trap 'kill $REGISTRY_PID 2>/dev/null; wait $REGISTRY_PID 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 100); do curl -fs -o /dev/null "http://127.0.0.1:$PORT/v2/" && break; sleep 0.1; done
java -cp "$HERE/target/classes:$HERE/target/lib/*" dev.trustpipe.bench.oci.OciSignatureThroughput \
  "127.0.0.1:$PORT" "${1:-2000}" "${2:-20}" "${3:-4}"
