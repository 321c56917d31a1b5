#!/usr/bin/env bash
# Accepted webhooks/s and latency of the ingest-service for the Distribution format (10 manifest
# push events per POST), load from wrk on loopback (issue 4's benchmark).
#
# Starts (and afterwards stops) a Kafka broker (bench/lib/start-kafka.sh) and the ingest-service exec
# jar on http://127.0.0.1:$PORT, warms it up, then runs `wrk -t2 -c$CONNECTIONS -d$DURATION --latency`
# ROUNDS times with bench/ingest/distribution-10.lua. Every 200 means Kafka (acks=all, idempotent
# producer) acknowledged all 10 events of that POST. Afterwards it reads the topic's end offsets to
# check that the number of events produced matches 10 x the 200 responses (at least).
#
# Prerequisites: mvn -B -q install -DskipTests -Dspotless.check.skip=true   (the exec jar)
# Env: DURATION (20s), WARMUP (15s), ROUNDS (2), CONNECTIONS (32), PORT (18080),
#      INGEST_JAR, INGEST_JAVA_OPTS, KAFKA_PORT (29192), KAFKA_CTRL_PORT (29193), OUTDIR.
set -uo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
BENCH="$(dirname "$HERE")"
ROOT="$(dirname "$BENCH")"
DURATION="${DURATION:-20s}"
WARMUP="${WARMUP:-15s}"
ROUNDS="${ROUNDS:-2}"
CONNECTIONS="${CONNECTIONS:-32}"
PORT="${PORT:-18080}"
export KAFKA_PORT="${KAFKA_PORT:-29192}" KAFKA_CTRL_PORT="${KAFKA_CTRL_PORT:-29193}"
INGEST_JAR="${INGEST_JAR:-$ROOT/ingest-service/target/ingest-service-0.1.0-SNAPSHOT-exec.jar}"
INGEST_JAVA_OPTS="${INGEST_JAVA_OPTS:-}"
OUTDIR="${OUTDIR:-$BENCH/target/ingest/$(date -u +%Y%m%dT%H%M%SZ)}"
mkdir -p "$OUTDIR"
SUMMARY="$OUTDIR/summary.txt"
: > "$SUMMARY"
log() { echo "$*" | tee -a "$SUMMARY"; }
die() { log "ERROR: $*"; exit 1; }

for tool in java wrk curl; do command -v "$tool" > /dev/null || die "$tool is not installed"; done
[ -f "$INGEST_JAR" ] || die "no $INGEST_JAR; build it: mvn -B -q install -DskipTests -Dspotless.check.skip=true"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/trustpipe-ingest-bench.XXXXXX")"
KAFKA_PID="" INGEST_PID=""
stop_pid() {
  [ -n "$2" ] && kill -0 "$2" 2> /dev/null || return 0
  kill "$2"
  for _ in $(seq 1 100); do kill -0 "$2" 2> /dev/null || break; sleep 0.1; done
  kill -0 "$2" 2> /dev/null && kill -9 "$2"
  echo "stopped $1 ($2)"
}
cleanup() {
  trap - EXIT INT TERM
  stop_pid ingest-service "$INGEST_PID"
  stop_pid kafka "$KAFKA_PID"
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2> /dev/null || echo 0; }

log "date: $(date -u +%FT%TZ)"
log "machine: $(nproc) cores, $(uname -r); $(java -version 2>&1 | head -1)"
log "uptime at start: $(uptime)"
log "ingest-service: $INGEST_JAR ($(stat -c %y "$INGEST_JAR" | cut -d. -f1)); JVM options: ${INGEST_JAVA_OPTS:-<none>}"

KAFKA_DATA="$WORK/kafka" "$BENCH/lib/start-kafka.sh" | tee -a "$SUMMARY" || die "Kafka did not start"
KAFKA_PID="$(cat "$WORK/kafka/kafka.pid")"

export WEBHOOK_SECRET="bench-secret-$$"
# shellcheck disable=SC2086
TRUSTPIPE_HOME="$WORK/home" TRUSTPIPE_WEBHOOK_SECRET="$WEBHOOK_SECRET" \
  TRUSTPIPE_KAFKA_BOOTSTRAP="127.0.0.1:$KAFKA_PORT" TRUSTPIPE_INGEST_PORT="$PORT" \
  java $INGEST_JAVA_OPTS -jar "$INGEST_JAR" --spring.kafka.bootstrap-servers="127.0.0.1:$KAFKA_PORT" \
  > "$OUTDIR/ingest-service.log" 2>&1 < /dev/null &
INGEST_PID=$!
URL="http://127.0.0.1:$PORT"
for _ in $(seq 1 600); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "$URL/actuator/health/readiness")" = 200 ] && break
  kill -0 "$INGEST_PID" 2> /dev/null || { tail -40 "$OUTDIR/ingest-service.log"; die "ingest-service died"; }
  sleep 0.2
done
[ "$(curl -s -o /dev/null -w '%{http_code}' "$URL/actuator/health/readiness")" = 200 ] || die "ingest-service not ready"
log "ingest-service pid $INGEST_PID ready on $URL"

produced() {
  curl -s "$URL/actuator/prometheus" | awk '/^trustpipe_ingest_events_produced_total/ {s += $2} END {printf "%d", s}'
}

wrk -t2 -c"$CONNECTIONS" -d"$WARMUP" -s "$HERE/distribution-10.lua" "$URL" > "$OUTDIR/warmup.txt" 2>&1
log "warm-up (not reported): $(grep -E 'Requests/sec' "$OUTDIR/warmup.txt")"

for round in $(seq 1 "$ROUNDS"); do
  before_events=$(produced)
  before_cpu=$(cpu_ticks "$INGEST_PID")
  log ""
  log "== round $round: wrk -t2 -c$CONNECTIONS -d$DURATION --latency -s distribution-10.lua (load1 before: $(cut -d' ' -f1 /proc/loadavg))"
  wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s "$HERE/distribution-10.lua" "$URL" > "$OUTDIR/round$round.txt" 2>&1
  after_cpu=$(cpu_ticks "$INGEST_PID")
  after_events=$(produced)
  rps=$(awk '/Requests\/sec/ {print $2}' "$OUTDIR/round$round.txt")
  p50=$(awk '$1 == "50%" {print $2}' "$OUTDIR/round$round.txt")
  p99=$(awk '$1 == "99%" {print $2}' "$OUTDIR/round$round.txt")
  non2xx=$(awk '/Non-2xx/ {print $5}' "$OUTDIR/round$round.txt")
  secs=${DURATION%s}
  events=$((after_events - before_events))
  log "POST/s $rps  events/s $(awk -v e="$events" -v s="$secs" 'BEGIN {printf "%.0f", e / s}')  p50 $p50  p99 $p99  non-2xx ${non2xx:-0}  ingest CPU-s $(awk -v t=$((after_cpu - before_cpu)) 'BEGIN {printf "%.1f", t / 100}')  events produced $events"
done
log ""
log "uptime at end: $(uptime)"
