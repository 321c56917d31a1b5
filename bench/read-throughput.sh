#!/usr/bin/env bash
# Read throughput of the Notary v1 API: GET timestamp.json and GET targets.json over HTTPS with
# `wrk -t2 -c32 -d20s --latency`, the signing-service side by side with the real notary-server
# 0.7.0 (../shared/tools/notary/start-notary.sh) in ONE run, interleaved: ours, theirs, ours, ...
#
# Starts (and afterwards stops, by the PIDs it recorded) everything it measures, all on 127.0.0.1:
#   * a Kafka broker (bench/lib/start-kafka.sh, port $KAFKA_PORT),
#   * a fresh PostgreSQL database on 127.0.0.1:5432 (dropped at the end),
#   * the signing-service exec jar on https://127.0.0.1:$OUR_PORT, seeded with one repository by
#     producing one image.pushed.v1 event (dev.trustpipe.bench.SeedRepository),
#   * notary-server + notary-signer (memory storage) on https://127.0.0.1:4443, seeded as
#     bench-notary.sh does: init -p, key rotate snapshot -r, add + publish one target.
#
# Prerequisites: mvn -B -q install -DskipTests -Dspotless.check.skip=true  (the exec jar)
#                mvn -B -f bench/pom.xml package                            (benchmarks.jar)
# Env: WRK_DURATION (20s), ROUNDS (2), WARMUP (10s per server and file, not reported),
#      SIGNING_JAR, SIGNING_ARGS (extra --key=value arguments, e.g. Tomcat settings),
#      SIGNING_JAVA_OPTS (JVM options, e.g. -XX:StartFlightRecording=...), OUR_PORT (4445),
#      KAFKA_PORT (29092), KAFKA_CTRL_PORT (29093), NOTARY_TOOLS (../shared/tools/notary),
#      OUTDIR (bench/target/read-throughput/<UTC time>), KEEP_WORK=1 keeps the scratch directory,
#      PROFILE=1 records a JFR profile of the signing-service during its round-1 runs (jcmd; it
#      costs throughput, so never report figures of a PROFILE=1 run).
set -uo pipefail

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$BENCH")"
WRK_DURATION="${WRK_DURATION:-20s}"
ROUNDS="${ROUNDS:-2}"
WARMUP="${WARMUP:-10s}"
OUR_PORT="${OUR_PORT:-4445}"
NOTARY_PORT=4443
export KAFKA_PORT="${KAFKA_PORT:-29092}" KAFKA_CTRL_PORT="${KAFKA_CTRL_PORT:-29093}"
SIGNING_JAR="${SIGNING_JAR:-$ROOT/signing-service/target/signing-service-0.1.0-SNAPSHOT-exec.jar}"
SIGNING_ARGS="${SIGNING_ARGS:-}"
SIGNING_JAVA_OPTS="${SIGNING_JAVA_OPTS:-}"
BENCH_JAR="$BENCH/target/benchmarks.jar"
NOTARY_TOOLS="${NOTARY_TOOLS:-$ROOT/../shared/tools/notary}"
OUTDIR="${OUTDIR:-$BENCH/target/read-throughput/$(date -u +%Y%m%dT%H%M%SZ)}"
GUN="localhost:5000/bench/app"
PG_HOST=127.0.0.1
PG_USER=postgres

mkdir -p "$OUTDIR"
SUMMARY="$OUTDIR/summary.txt"
: > "$SUMMARY"
log() { echo "$*" | tee -a "$SUMMARY"; }
die() { log "ERROR: $*"; exit 1; }
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# ------------------------------------------------------------------ preconditions
for tool in java wrk curl createdb dropdb; do
  command -v "$tool" > /dev/null || die "$tool is not installed"
done
[ -f "$SIGNING_JAR" ] || die "no $SIGNING_JAR; build it: mvn -B -q install -DskipTests -Dspotless.check.skip=true"
[ -f "$BENCH_JAR" ] || die "no $BENCH_JAR; build it: mvn -B -f bench/pom.xml package"
for port in "$OUR_PORT" "$KAFKA_PORT" "$KAFKA_CTRL_PORT"; do
  port_busy "$port" && die "127.0.0.1:$port is already in use"
done

ANCHOR=1
if [ ! -x "$NOTARY_TOOLS/start-notary.sh" ]; then
  log "NOTE: $NOTARY_TOOLS/start-notary.sh is absent: SKIPPING the notary-server anchor (no ratio)."
  ANCHOR=0
elif ! command -v notary > /dev/null || ! command -v notary-server > /dev/null; then
  log "NOTE: the Debian notary package (notary, notary-server) is not installed: SKIPPING the notary-server anchor."
  ANCHOR=0
elif port_busy "$NOTARY_PORT"; then
  log "NOTE: 127.0.0.1:$NOTARY_PORT is in use by another process: SKIPPING the notary-server anchor."
  ANCHOR=0
fi

WORK="$(mktemp -d "${TMPDIR:-/tmp}/trustpipe-read-bench.XXXXXX")"
DB="trustpipe_bench_$(date +%s)_$$"
KAFKA_PID="" OUR_PID="" DB_CREATED=0
NOTARY_RUN="$WORK/notary-run"

stop_pid() { # name pid
  local name="$1" pid="$2"
  [ -n "$pid" ] && kill -0 "$pid" 2> /dev/null || return 0
  kill "$pid"
  for _ in $(seq 1 100); do kill -0 "$pid" 2> /dev/null || break; sleep 0.1; done
  if kill -0 "$pid" 2> /dev/null; then kill -9 "$pid"; echo "killed -9 $name ($pid)"; else echo "stopped $name ($pid)"; fi
}
cleanup() {
  trap - EXIT INT TERM
  echo "cleaning up ..."
  stop_pid signing-service "$OUR_PID"
  for name in notary-server notary-signer; do
    [ -f "$NOTARY_RUN/$name.pid" ] && stop_pid "$name" "$(cat "$NOTARY_RUN/$name.pid")"
  done
  stop_pid kafka "$KAFKA_PID"
  if [ "$DB_CREATED" = 1 ]; then
    dropdb -h "$PG_HOST" -U "$PG_USER" --if-exists --force "$DB" && echo "dropped database $DB"
  fi
  for f in "$NOTARY_RUN/notary-server.log" "$WORK/kafka/kafka.log"; do
    [ -f "$f" ] && cp "$f" "$OUTDIR/" 2> /dev/null
  done
  if [ "${KEEP_WORK:-0}" = 1 ]; then echo "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

cpu_ticks() { # pid -> utime+stime in clock ticks (0 if gone)
  awk '{print $14 + $15}' "/proc/$1/stat" 2> /dev/null || echo 0
}
db_ticks() { # CPU ticks of the PostgreSQL backends serving the benchmark database (read only)
  local total=0 pid
  for pid in $(pgrep -f "postgres: .* $DB " 2> /dev/null); do
    total=$((total + $(cpu_ticks "$pid")))
  done
  echo "$total"
}
wait_for_200() { # url cacert seconds
  local url="$1" ca="$2" seconds="$3"
  for _ in $(seq 1 $((seconds * 5))); do
    [ "$(curl -s --cacert "$ca" -o /dev/null -w '%{http_code}' "$url")" = 200 ] && return 0
    sleep 0.2
  done
  return 1
}

log "date: $(date -u +%FT%TZ)"
log "machine: $(nproc) cores, $(awk '/MemTotal/{print $2" kB"}' /proc/meminfo) RAM, $(uname -r); $(java -version 2>&1 | head -1)"
log "uptime at start: $(uptime)"
log "wrk: $(wrk --version 2>&1 | head -1)"
log "signing-service: $SIGNING_JAR ($(stat -c %y "$SIGNING_JAR" | cut -d. -f1))"
log "signing-service extra args: ${SIGNING_ARGS:-<none>}; JVM options: ${SIGNING_JAVA_OPTS:-<none>}"

# ------------------------------------------------------------------ Kafka + PostgreSQL
KAFKA_DATA="$WORK/kafka" "$BENCH/lib/start-kafka.sh" | tee -a "$SUMMARY" || die "Kafka did not start"
KAFKA_PID="$(cat "$WORK/kafka/kafka.pid")"
createdb -h "$PG_HOST" -U "$PG_USER" "$DB" || die "createdb $DB failed (PostgreSQL on $PG_HOST:5432 as $PG_USER?)"
DB_CREATED=1
log "database: $DB on $PG_HOST:5432"

# ------------------------------------------------------------------ signing-service
OUR_URL="https://127.0.0.1:$OUR_PORT"
OUR_CA="$WORK/home/tls/ca.crt"
mkdir -p "$WORK/home"
# shellcheck disable=SC2086 # SIGNING_JAVA_OPTS / SIGNING_ARGS are word lists on purpose
TRUSTPIPE_HOME="$WORK/home" \
  TRUSTPIPE_DB_URL="jdbc:postgresql://$PG_HOST:5432/$DB" \
  TRUSTPIPE_KAFKA_BOOTSTRAP="127.0.0.1:$KAFKA_PORT" \
  java $SIGNING_JAVA_OPTS -jar "$SIGNING_JAR" --trustpipe.notary.port="$OUR_PORT" $SIGNING_ARGS \
  > "$OUTDIR/signing-service.log" 2>&1 < /dev/null &
OUR_PID=$!
t0=$(date +%s%N)
for _ in $(seq 1 600); do
  [ -f "$OUR_CA" ] && [ "$(curl -s --cacert "$OUR_CA" -o /dev/null -w '%{http_code}' "$OUR_URL/_notary_server/health")" = 200 ] && break
  kill -0 "$OUR_PID" 2> /dev/null || { tail -40 "$OUTDIR/signing-service.log"; die "signing-service died"; }
  sleep 0.2
done
[ "$(curl -s --cacert "$OUR_CA" -o /dev/null -w '%{http_code}' "$OUR_URL/_notary_server/health")" = 200 ] \
  || die "signing-service not healthy after 120 s (see $OUTDIR/signing-service.log)"
log "signing-service pid $OUR_PID healthy on $OUR_URL after $((($(date +%s%N) - t0) / 1000000)) ms"

java -cp "$BENCH_JAR" dev.trustpipe.bench.SeedRepository "127.0.0.1:$KAFKA_PORT" "$GUN" v1 \
  | tee -a "$SUMMARY" || die "seeding failed"
wait_for_200 "$OUR_URL/v2/$GUN/_trust/tuf/timestamp.json" "$OUR_CA" 120 \
  || die "GET timestamp.json of $GUN never answered 200 (see $OUTDIR/signing-service.log)"
log "signing-service signed $GUN after $((($(date +%s%N) - t0) / 1000000)) ms since start"

# ------------------------------------------------------------------ notary-server anchor
NOTARY_URL="https://127.0.0.1:$NOTARY_PORT"
NOTARY_CA="$NOTARY_RUN/root-ca.crt"
if [ "$ANCHOR" = 1 ]; then
  RUN_DIR="$NOTARY_RUN" "$NOTARY_TOOLS/start-notary.sh" | tee -a "$SUMMARY" \
    || die "start-notary.sh failed (see $NOTARY_RUN)"
  log "notary-server $(dpkg-query -W -f='${Version}' notary 2> /dev/null), MODE=signer, storage=memory"
  export NOTARY_ROOT_PASSPHRASE=rootpass NOTARY_TARGETS_PASSPHRASE=targetspass \
    NOTARY_SNAPSHOT_PASSPHRASE=snappass NOTARY_DELEGATION_PASSPHRASE=delegpass
  TRUST="$WORK/notary-trust"
  mkdir -p "$TRUST"
  NT() { notary -d "$TRUST" -s "$NOTARY_URL" --tlscacert "$NOTARY_CA" "$@"; }
  {
    NT init -p "$GUN" && NT key rotate "$GUN" snapshot -r \
      && echo seed > "$TRUST/seed.txt" && NT add "$GUN" seed "$TRUST/seed.txt" && NT publish "$GUN"
  } > "$OUTDIR/notary-setup.txt" 2>&1 || die "seeding notary-server failed (see $OUTDIR/notary-setup.txt)"
  log "notary-server seeded: init -p, key rotate snapshot -r, add + publish one target"
fi

for r in timestamp targets; do
  log "ours   GET $r.json -> $(curl -s --cacert "$OUR_CA" -o "$OUTDIR/ours-$r.json" -w '%{http_code} %{size_download} bytes' "$OUR_URL/v2/$GUN/_trust/tuf/$r.json")"
  [ "$ANCHOR" = 1 ] && log "theirs GET $r.json -> $(curl -s --cacert "$NOTARY_CA" -o "$OUTDIR/theirs-$r.json" -w '%{http_code} %{size_download} bytes' "$NOTARY_URL/v2/$GUN/_trust/tuf/$r.json")"
done

# ------------------------------------------------------------------ wrk
NOTARY_PID=""
[ "$ANCHOR" = 1 ] && NOTARY_PID="$(cat "$NOTARY_RUN/notary-server.pid")"
server_url() { if [ "$1" = ours ]; then echo "$OUR_URL"; else echo "$NOTARY_URL"; fi; }
server_pid() { if [ "$1" = ours ]; then echo "$OUR_PID"; else echo "$NOTARY_PID"; fi; }
SERVERS="ours"
[ "$ANCHOR" = 1 ] && SERVERS="ours theirs"

log ""
log "== warm-up (not reported): wrk -t2 -c32 -d$WARMUP per server and file (JIT of the JVM; same for both)"
for r in timestamp targets; do
  for s in $SERVERS; do
    wrk -t2 -c32 -d"$WARMUP" "$(server_url "$s")/v2/$GUN/_trust/tuf/$r.json" > "$OUTDIR/warmup-$s-$r.txt" 2>&1
  done
done

RESULTS="$OUTDIR/results.tsv"
printf 'round\tfile\tserver\treq_s\tp50\tp99\tnon2xx\tcpu_s\tload1\tseconds\tdb_cpu_s\n' > "$RESULTS"
for round in $(seq 1 "$ROUNDS"); do
  for r in timestamp targets; do
    for s in $SERVERS; do
      out="$OUTDIR/wrk-$round-$r-$s.txt"
      pid="$(server_pid "$s")"
      load="$(cut -d' ' -f1 /proc/loadavg)"
      c0="$(cpu_ticks "$pid")"
      d0="$(db_ticks)"
      log ""
      log "== round $round: $s  wrk -t2 -c32 -d$WRK_DURATION --latency GET $(server_url "$s")/v2/$GUN/_trust/tuf/$r.json  (load1 before: $load)"
      if [ "${PROFILE:-0}" = 1 ] && [ "$s" = ours ] && [ "$round" = 1 ]; then
        jcmd "$OUR_PID" JFR.start name="wrk-$r" settings=profile filename="$OUTDIR/ours-$r.jfr" > /dev/null
      fi
      wrk -t2 -c32 -d"$WRK_DURATION" --latency "$(server_url "$s")/v2/$GUN/_trust/tuf/$r.json" > "$out" 2>&1
      c1="$(cpu_ticks "$pid")"
      d1="$(db_ticks)"
      if [ "${PROFILE:-0}" = 1 ] && [ "$s" = ours ] && [ "$round" = 1 ]; then
        jcmd "$OUR_PID" JFR.stop name="wrk-$r" > /dev/null && log "JFR profile: $OUTDIR/ours-$r.jfr"
      fi
      cat "$out" | tee -a "$SUMMARY"
      reqs="$(awk '/^Requests\/sec:/{print $2}' "$out")"
      p50="$(awk '$1=="50%"{print $2}' "$out")"
      p99="$(awk '$1=="99%"{print $2}' "$out")"
      non2xx="$(awk '/Non-2xx or 3xx responses:/{print $5}' "$out")"
      cpu="$(awk -v t=$((c1 - c0)) -v hz="$(getconf CLK_TCK)" 'BEGIN{printf "%.1f", t/hz}')"
      dbcpu="$(awk -v t=$((d1 - d0)) -v hz="$(getconf CLK_TCK)" 'BEGIN{printf "%.1f", t/hz}')"
      log "server CPU during the run: ${cpu} s (PostgreSQL backends of $DB: ${dbcpu} s)"
      secs="$(awk '/requests in/{for (i = 1; i <= NF; i++) if ($i == "in") {sub(/s,$/, "", $(i + 1)); print $(i + 1)}}' "$out")"
      printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$r" "$s" "${reqs:-0}" "${p50:-?}" "${p99:-?}" "${non2xx:-0}" "$cpu" "$load" "${secs:-0}" "$dbcpu" >> "$RESULTS"
    done
  done
done
log ""
log "uptime at end: $(uptime)"

# ------------------------------------------------------------------ summary
log ""
log "== summary (req/s per run and their mean over $ROUNDS rounds; latency p50/p99 per run; requests"
log "   served per CPU-second the server process used, which depends less on other load on the machine)"
awk -F'\t' -v anchor="$ANCHOR" '
  NR == 1 { next }
  { key = $2 "\t" $3; sum[key] += $4; n[key]++; runs[key] = runs[key] sprintf("%s%.0f", (runs[key] == "" ? "" : ", "), $4)
    lat[key] = lat[key] sprintf("%s%s/%s", (lat[key] == "" ? "" : ", "), $5, $6)
    cpu[key] = cpu[key] sprintf("%s%s", (cpu[key] == "" ? "" : ", "), $8)
    db[key] = db[key] sprintf("%s%s", (db[key] == "" ? "" : ", "), $11)
    dur = $10 + 0; if ($8 + 0 > 0) { eff[key] = eff[key] sprintf("%s%.0f", (eff[key] == "" ? "" : ", "), $4 * dur / $8); effsum[key] += $4 * dur / $8 }
    if ($7 + 0 > 0) bad[key] += $7 }
  END {
    split("timestamp targets", files, " ")
    for (i = 1; i <= 2; i++) {
      f = files[i]; o = f "\tours"; t = f "\ttheirs"
      printf "%-14s ours  : mean %.0f req/s (runs %s), p50/p99 %s, server CPU %s s (+ PostgreSQL %s s), req per CPU-s %s%s\n", f ".json", sum[o] / n[o], runs[o], lat[o], cpu[o], db[o], eff[o], (bad[o] ? sprintf(", NON-2xx %d", bad[o]) : "")
      if (anchor == 1) {
        printf "%-14s theirs: mean %.0f req/s (runs %s), p50/p99 %s, server CPU %s s, req per CPU-s %s%s\n", f ".json", sum[t] / n[t], runs[t], lat[t], cpu[t], eff[t], (bad[t] ? sprintf(", NON-2xx %d", bad[t]) : "")
        printf "%-14s ratio ours/theirs: %.2fx req/s (target >= 2x); %.2fx req per CPU-s\n", f ".json", (sum[o] / n[o]) / (sum[t] / n[t]), (effsum[t] > 0 ? effsum[o] / effsum[t] : 0)
      }
    }
  }' "$RESULTS" | tee -a "$SUMMARY"
log "raw outputs: $OUTDIR"
