#!/usr/bin/env bash
# Audit log benchmark (issue 7): append rate, query p99 (GUN / GUN+time / digest filters) on a log of
# ENTRIES entries, and verification speed (in the database and of an NDJSON export, offline).
#
# Creates a fresh PostgreSQL database on the machine's server (127.0.0.1:5432, user postgres, trust
# auth), runs dev.trustpipe.bench.audit.AuditLogBenchmark in one JVM, and drops the database at the
# end unless KEEP_DB=1 (then a later run with the same DB and a larger ENTRIES appends the
# difference, which is how a 10-million-entry log is built in steps).
#
# Knobs (environment): ENTRIES=10000000 BATCH=1000 GUNS=(ENTRIES/100) QUERIES=1000
#   DB=audit_bench_<timestamp> KEEP_DB=0 JAVA_OPTS="-Xmx512m" SKIP_BUILD=0 NICE=0 (e.g. NICE=19)
#   DB_URL_PARAMS="" (JDBC URL parameters, e.g. prepareThreshold=-1)
# Output: bench/audit/target/runs/<timestamp>/output.txt; the RESULT lines are the figures.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
ENTRIES="${ENTRIES:-10000000}"
BATCH="${BATCH:-1000}"
GUNS="${GUNS:-$(( ENTRIES / 100 > 10 ? ENTRIES / 100 : 10 ))}"
QUERIES="${QUERIES:-1000}"
STAMP="$(date +%Y%m%dT%H%M%S)"
DB="${DB:-audit_bench_${STAMP,,}}"
KEEP_DB="${KEEP_DB:-0}"
JAVA_OPTS="${JAVA_OPTS:--Xmx512m}"
NICE="${NICE:-0}"
PG="${PG:-postgresql://postgres@127.0.0.1:5432}"
WORK="$HERE/target/runs/$STAMP"
mkdir -p "$WORK"

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  (cd "$ROOT" && nice -n "$NICE" mvn -B -q install -DskipTests -Dspotless.check.skip=true \
      -pl contracts,libs/custody,libs/translog,audit-service)
  (cd "$ROOT" && nice -n "$NICE" mvn -B -q -f bench/audit/pom.xml package \
      dependency:build-classpath -Dmdep.outputFile=target/classpath.txt -Dspotless.check.skip=true)
fi

if ! psql "$PG/postgres" -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB'" | grep -q 1; then
  psql "$PG/postgres" -qc "CREATE DATABASE $DB"
fi
cleanup() {
  if [[ "$KEEP_DB" != 1 ]]; then
    psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" || true
  fi
}
trap cleanup EXIT

echo "database $DB, $ENTRIES entries, batch $BATCH, $GUNS GUNs, $QUERIES queries per filter" | tee "$WORK/output.txt"
nice -n "$NICE" java $JAVA_OPTS -cp "$HERE/target/classes:$(cat "$HERE/target/classpath.txt")" \
  dev.trustpipe.bench.audit.AuditLogBenchmark \
  --db-url "jdbc:postgresql://127.0.0.1:5432/$DB${DB_URL_PARAMS:+?$DB_URL_PARAMS}" --db-user postgres \
  --entries "$ENTRIES" --batch "$BATCH" --guns "$GUNS" --queries "$QUERIES" --out "$WORK" \
  2>&1 | grep -v DEBUG | tee -a "$WORK/output.txt"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$WORK/output.txt"
