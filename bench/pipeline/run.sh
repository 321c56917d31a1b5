#!/usr/bin/env bash
# Signing pipeline benchmark (issue 3): events in -> visible in the served metadata.
#
# Starts its own KRaft Kafka broker, a fresh PostgreSQL database and the signing-service exec jar,
# all on 127.0.0.1, then runs
#   scenario A: open loop at RATE_A events/s for DURATION_A s over GUNS_A GUNs (latency p50..max)
#   scenario B: EVENTS_B events as fast as possible over GUNS_B GUNs (sustained events/s)
# after scenario W (EVENTS_W events as fast as possible over GUNS_A GUNs), which only warms up the
# service's JIT: the first minutes after a start spend as much CPU compiling as signing.
# and stops exactly the processes it started (by PID) and drops the database.
#
# Knobs (environment): GUNS_A=1000 RATE_A=200 DURATION_A=60 GUNS_B=1000 EVENTS_B=30000
#   EVENTS_W=10000 SCENARIOS="w a b" (a50 = scenario A at 50 events/s)  KAFKA_PORT=19092 KAFKA_CTRL_PORT=19093 NOTARY_PORT=4446
#   SERVICE_JAVA_OPTS="-Xmx1g"  SERVICE_ARGS="" (extra --name=value for the service)
#   JFR=1 (record each scenario with JFR: jcmd JFR.start/JFR.dump)  SKIP_BUILD=1
#   SERVICE_JAR=... (another build of the exec jar, e.g. for a before/after comparison)
# Output: bench/pipeline/target/runs/<timestamp>/ (reports, logs, Prometheus scrapes, JFR).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
GUNS_A="${GUNS_A:-1000}"
RATE_A="${RATE_A:-200}"
DURATION_A="${DURATION_A:-60}"
GUNS_B="${GUNS_B:-1000}"
EVENTS_B="${EVENTS_B:-30000}"
EVENTS_W="${EVENTS_W:-10000}"
SCENARIOS="${SCENARIOS:-w a b}"
KAFKA_PORT="${KAFKA_PORT:-19092}"
KAFKA_CTRL_PORT="${KAFKA_CTRL_PORT:-19093}"
NOTARY_PORT="${NOTARY_PORT:-4446}"
SERVICE_JAVA_OPTS="${SERVICE_JAVA_OPTS:--Xmx1g}"
SERVICE_ARGS="${SERVICE_ARGS:-}"
SERVICE_JAR="${SERVICE_JAR:-$ROOT/signing-service/target/signing-service-0.1.0-SNAPSHOT-exec.jar}"
JFR="${JFR:-0}"
SETUP_TIMEOUT="${SETUP_TIMEOUT:-1200}"
DRAIN_TIMEOUT="${DRAIN_TIMEOUT:-600}"

STAMP="$(date +%Y%m%d-%H%M%S)"
WORK="$HERE/target/runs/$STAMP"
DB="trustpipe_bench_${STAMP//-/_}_$$"
RUN_ID="r$(date +%s)"
mkdir -p "$WORK"
KAFKA_PID=""
SERVICE_PID=""
DB_CREATED=0

log() { printf '[run.sh %s] %s\n' "$(date +%T)" "$*" >&2; }

# Stops only what this script started, by PID.
stop_pid() {
  local pid="$1" name="$2"
  [[ -n "$pid" ]] || return 0
  if kill -0 "$pid" 2>/dev/null; then
    log "stopping $name (PID $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then
      log "$name did not stop in 30 s; killing PID $pid"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
}
cleanup() {
  local rc=$?
  stop_pid "$SERVICE_PID" signing-service
  stop_pid "$KAFKA_PID" kafka
  if [[ "$DB_CREATED" == 1 ]]; then
    log "dropping database $DB"
    psql -h 127.0.0.1 -U postgres -d postgres -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" || true
  fi
  log "results in $WORK"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

machine() {
  echo "date: $(date -Is)"
  echo "host: $(uname -srm), $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'))"
  echo "memory: $(free -g | awk '/Mem:/{print $2 " GB total, " $7 " GB available"}')"
  echo "java: $(java -version 2>&1 | head -1)"
  echo "postgres: $(psql -h 127.0.0.1 -U postgres -Atc 'show server_version') synchronous_commit=$(psql -h 127.0.0.1 -U postgres -Atc 'show synchronous_commit') fsync=$(psql -h 127.0.0.1 -U postgres -Atc 'show fsync')"
  echo "git: $(git -C "$ROOT" rev-parse --short HEAD) ($(git -C "$ROOT" status --porcelain -- signing-service | wc -l) changed files under signing-service/)"
} > "$WORK/machine.txt"
machine
cat "$WORK/machine.txt" >&2

# 1. Build what the benchmark needs.
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  log "building signing-service and the load generator (offline)"
  (cd "$ROOT" && mvn -B -q install -DskipTests -Dspotless.check.skip=true -pl signing-service -am)
  (cd "$ROOT" && mvn -B -q install -DskipTests -Dspotless.check.skip=true -f bench/pipeline/pom.xml)
fi
[[ -f "$SERVICE_JAR" ]] || { log "missing $SERVICE_JAR"; exit 1; }
LOAD_CP="$HERE/target/classes:$HERE/target/lib/*"

# 2. Kafka KRaft broker: jars from Maven (cached under target), own config and data directory.
KAFKA_LIB="$HERE/target/kafka-lib"
if [[ ! -f "$KAFKA_LIB/.complete" ]]; then
  log "resolving org.apache.kafka:kafka_2.13:3.9.2 into $KAFKA_LIB"
  mvn -B -q -f "$HERE/kafka/pom.xml" dependency:copy-dependencies \
      -DoutputDirectory="$KAFKA_LIB" -DincludeScope=runtime 2>/dev/null \
    || mvn -B -q -f "$HERE/kafka/pom.xml" dependency:copy-dependencies \
      -DoutputDirectory="$KAFKA_LIB" -DincludeScope=runtime
  touch "$KAFKA_LIB/.complete"
fi
KAFKA_DIR="$WORK/kafka"
mkdir -p "$KAFKA_DIR"
cat > "$KAFKA_DIR/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$KAFKA_CTRL_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CTRL_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$KAFKA_DIR/data
num.partitions=1
auto.create.topics.enable=true
offsets.topic.replication.factor=1
offsets.topic.num.partitions=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
log.cleaner.dedupe.buffer.size=2097152
log.retention.hours=1
log.segment.bytes=16777216
PROPS
KAFKA_OPTS=(-Xms256m -Xmx512m -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Djava.awt.headless=true
            -Djava.net.preferIPv4Stack=true -Dorg.slf4j.simpleLogger.defaultLogLevel=info
            -Dorg.slf4j.simpleLogger.showDateTime=true)
CLUSTER_ID="$(java -cp "$KAFKA_LIB/*" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -1)"
java "${KAFKA_OPTS[@]}" -cp "$KAFKA_LIB/*" kafka.tools.StorageTool format -t "$CLUSTER_ID" \
    -c "$KAFKA_DIR/server.properties" > "$KAFKA_DIR/format.log" 2>&1
java "${KAFKA_OPTS[@]}" -cp "$KAFKA_LIB/*" kafka.Kafka "$KAFKA_DIR/server.properties" \
    > "$KAFKA_DIR/kafka.log" 2>&1 < /dev/null &
KAFKA_PID=$!
log "kafka PID $KAFKA_PID on 127.0.0.1:$KAFKA_PORT"
for i in $(seq 1 900); do
  grep -q "Kafka Server started" "$KAFKA_DIR/kafka.log" 2>/dev/null && break
  kill -0 "$KAFKA_PID" 2>/dev/null || { tail -30 "$KAFKA_DIR/kafka.log" >&2; exit 1; }
  [[ $i == 900 ]] && { log "kafka not ready after 90 s"; exit 1; }
  sleep 0.1
done

# 3. A fresh database on the machine's PostgreSQL.
createdb -h 127.0.0.1 -U postgres "$DB"
DB_CREATED=1
log "database $DB"

# 4. The signing-service exec jar.
HOME_DIR="$WORK/home"
mkdir -p "$HOME_DIR"
# The generated events name registries that do not exist: registry confirmation is off, so the
# figures are TrustPipe's own signing cost (a confirming HEAD adds one registry round trip per push).
# shellcheck disable=SC2086
TRUSTPIPE_HOME="$HOME_DIR" \
TRUSTPIPE_DB_URL="jdbc:postgresql://127.0.0.1:5432/$DB" \
TRUSTPIPE_KAFKA_BOOTSTRAP="127.0.0.1:$KAFKA_PORT" \
  java $SERVICE_JAVA_OPTS -jar "$SERVICE_JAR" \
    --trustpipe.notary.port="$NOTARY_PORT" --trustpipe.kafka.partitions=6 \
    --trustpipe.custody.pbkdf2-iterations=10000 --trustpipe.registry.confirm=false $SERVICE_ARGS \
    > "$WORK/signing-service.log" 2>&1 < /dev/null &
SERVICE_PID=$!
log "signing-service PID $SERVICE_PID on https://127.0.0.1:$NOTARY_PORT"
CA="$HOME_DIR/tls/ca.crt"
NOTARY="https://127.0.0.1:$NOTARY_PORT"
for i in $(seq 1 1200); do
  if [[ -f "$CA" ]] && curl -sf --cacert "$CA" "$NOTARY/actuator/health" 2>/dev/null | grep -q '"UP"'; then
    break
  fi
  kill -0 "$SERVICE_PID" 2>/dev/null || { tail -40 "$WORK/signing-service.log" >&2; exit 1; }
  [[ $i == 1200 ]] && { log "signing-service not healthy after 120 s"; exit 1; }
  sleep 0.1
done
log "signing-service healthy"
# what the measured build does with a batch's GUNs (the lead's parallel-apply change adds this)
{ echo "service jar: $SERVICE_JAR ($(date -r "$SERVICE_JAR" -Is))"
  echo "service args: $SERVICE_JAVA_OPTS --trustpipe.kafka.partitions=6 --trustpipe.custody.pbkdf2-iterations=10000 --trustpipe.registry.confirm=false $SERVICE_ARGS"
  echo "signing settings in its application.yaml:"
  unzip -p "$SERVICE_JAR" BOOT-INF/classes/application.yaml | sed -n '/^  signing:/,/^  [a-z]*:$/p' | grep -v '^  [a-z]*:$' || true
  unzip -p "$SERVICE_JAR" BOOT-INF/classes/application.yaml | grep -E 'concurrency|max-poll-records|maximum-pool-size' || true
} | tee -a "$WORK/machine.txt" >&2

scrape() { curl -sf --cacert "$CA" "$NOTARY/actuator/prometheus" > "$WORK/$1.prom" || true; }

# utime+stime clock ticks of the given PIDs (those still alive)
ticks_of() {
  local sum=0 pid
  for pid in "$@"; do
    [[ -r /proc/$pid/stat ]] || continue
    sum=$((sum + $(sed 's/^.*) //' "/proc/$pid/stat" | awk '{print $12 + $13}')))
  done
  echo "$sum"
}
# CPU used so far by the service, the broker, the bench database's backends and the whole machine
# (every engineer's processes); the generator reports its own CPU in its JSON.
cpu_sample() {
  local pg_pids
  pg_pids=$(psql -h 127.0.0.1 -U postgres -d postgres -Atc \
    "select pid from pg_stat_activity where datname = '$DB'" 2>/dev/null || true)
  echo "wall_ms $(date +%s%3N)"
  echo "service $(ticks_of "$SERVICE_PID")"
  echo "kafka $(ticks_of "$KAFKA_PID")"
  # shellcheck disable=SC2086
  echo "postgres $(ticks_of $pg_pids)"
  awk '/^cpu /{busy = $2 + $3 + $4 + $7 + $8 + $9; print "machine_busy " busy; print "machine_total " busy + $5 + $6}' /proc/stat
}

run_scenario() {
  local name="$1" guns="$2"; shift 2
  log "scenario $name: uptime before: $(uptime)"
  echo "$(uptime)" > "$WORK/$name.uptime-before"
  local rc=0
  # the generator prints "measuring" when its warm-up is done: sample (and start JFR) then
  ( while ! grep -q '^\[pipeline-load\] measuring' "$WORK/$name.log" 2>/dev/null; do sleep 0.05; done
    scrape "$name-before"; cpu_sample > "$WORK/$name.cpu-before"
    if [[ "$JFR" == 1 ]]; then
      jcmd "$SERVICE_PID" JFR.start name="$name" settings=profile > /dev/null
    fi ) &
  local sampler=$!
  : > "$WORK/$name.log"
  timeout --signal=TERM $((SETUP_TIMEOUT + DRAIN_TIMEOUT + 900)) \
    java -Xmx1g -cp "$LOAD_CP" dev.trustpipe.bench.pipeline.PipelineLoad \
      --bootstrap="127.0.0.1:$KAFKA_PORT" --notary-url="$NOTARY" --ca-cert="$CA" \
      --scenario="$name" --run-id="$RUN_ID" --guns="$guns" \
      --setup-timeout="$SETUP_TIMEOUT" --drain-timeout="$DRAIN_TIMEOUT" \
      --report="$WORK/$name.json" "$@" \
    > "$WORK/$name.out" 2> >(tee "$WORK/$name.log" >&2) || rc=$?
  cpu_sample > "$WORK/$name.cpu-after"
  scrape "$name-after"
  kill "$sampler" 2>/dev/null || true
  if [[ "$JFR" == 1 ]]; then
    jcmd "$SERVICE_PID" JFR.dump name="$name" filename="$WORK/$name.jfr" > /dev/null || true
    jcmd "$SERVICE_PID" JFR.stop name="$name" > /dev/null || true
  fi
  echo "$(uptime)" > "$WORK/$name.uptime-after"
  log "scenario $name: uptime after: $(uptime) (load generator exit $rc)"
  return 0
}

for scenario in $SCENARIOS; do
  case "$scenario" in
    w) run_scenario w "$GUNS_A" --rate=0 --events="$EVENTS_W" --sample-every=0 --final-samples=0 ;;
    a) run_scenario a "$GUNS_A" --rate="$RATE_A" --duration="$DURATION_A" ;;
    a[0-9]*) run_scenario "$scenario" "$GUNS_A" --rate="${scenario#a}" --duration="$DURATION_A" ;;
    b) run_scenario b "$GUNS_B" --rate=0 --events="$EVENTS_B" ;;
    *) log "unknown scenario $scenario" ;;
  esac
done

# 5. Summary.
for scenario in $SCENARIOS; do
  [[ -f "$WORK/$scenario.json" ]] || { log "scenario $scenario produced no report"; continue; }
  jq -r --arg s "$scenario" --arg ub "$(cat "$WORK/$scenario.uptime-before")" \
        --arg ua "$(cat "$WORK/$scenario.uptime-after")" '
    "scenario \($s): \(.mode), \(.guns) GUNs, \(.events) events, target rate \(.targetRate)/s (warm-up, one push per GUN: \(.warmUpRound1Seconds) s)",
    "  visible \(.eventsVisible), missing \(.eventsMissing), rejected \(.eventsRejected); offered \(.offeredRate)/s, max sender lag \(.maxSenderLagMs) ms",
    "  latency ms: p50 \(.latencyMs.p50) p90 \(.latencyMs.p90) p99 \(.latencyMs.p99) max \(.latencyMs.max)",
    "  load generator CPU in the window: \(.generatorCpuSeconds) s",
    "  sustained \(.sustainedEventsPerSecond) events/s (first send -> last visible \(.secondsToLastVisible) s), steady (p10-p90 of completions) \(.steadyEventsPerSecond) events/s",
    "  HTTPS samples during the run: \(.httpSamplesChecked) checked, \(.httpSamplesMissing) missing, extra ms after trust.changed p50 \(.httpSampleExtraMs.p50) max \(.httpSampleExtraMs.max); final samples \(.finalSamplesChecked) checked, \(.finalSamplesMissing) missing",
    "  uptime before: \($ub)", "  uptime after:  \($ua)"' "$WORK/$scenario.json" | tee -a "$WORK/summary.txt"
  if [[ -f "$WORK/$scenario.cpu-before" && -s "$WORK/$scenario-before.prom" ]]; then
    echo "  where the time went (measurement window: first measured send -> backlog drained + HTTPS checks):" | tee -a "$WORK/summary.txt"
    python3 "$HERE/metrics-delta.py" "$WORK/$scenario-before.prom" "$WORK/$scenario-after.prom" \
      "$WORK/$scenario.cpu-before" "$WORK/$scenario.cpu-after" "$(jq .events "$WORK/$scenario.json")" \
      | tee -a "$WORK/summary.txt"
  fi
done
