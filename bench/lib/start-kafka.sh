#!/usr/bin/env bash
# Starts a single-node Apache Kafka broker (KRaft: broker + controller in one JVM) on 127.0.0.1 from
# jars Maven resolves (kafka-broker.pom.xml), for the benchmarks. No Docker, no tarball.
#
# Env: KAFKA_PORT (29092), KAFKA_CTRL_PORT (29093), KAFKA_DATA (data/log/pid dir, required),
#      KAFKA_LIB (jar dir, default bench/target/kafka-lib), KAFKA_HEAP ("-Xms256m -Xmx512m"),
#      KAFKA_READY_TIMEOUT seconds (90).
# Prints "BOOTSTRAP=127.0.0.1:<port> PID=<pid>"; the pid is also written to $KAFKA_DATA/kafka.pid.
# Stop it with: kill "$(cat "$KAFKA_DATA/kafka.pid")".
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
BENCH="$(dirname "$HERE")"
KAFKA_PORT="${KAFKA_PORT:-29092}"
KAFKA_CTRL_PORT="${KAFKA_CTRL_PORT:-29093}"
KAFKA_DATA="${KAFKA_DATA:?set KAFKA_DATA to a scratch directory}"
KAFKA_LIB="${KAFKA_LIB:-$BENCH/target/kafka-lib}"
KAFKA_HEAP="${KAFKA_HEAP:--Xms256m -Xmx512m}"
KAFKA_READY_TIMEOUT="${KAFKA_READY_TIMEOUT:-90}"

if [[ ! -f "$KAFKA_LIB/.complete" ]]; then
  echo "resolving org.apache.kafka:kafka_2.13 into $KAFKA_LIB ..." >&2
  mvn -B -q -f "$HERE/kafka-broker.pom.xml" dependency:copy-dependencies \
    -DoutputDirectory="$KAFKA_LIB" -DincludeScope=runtime >&2
  touch "$KAFKA_LIB/.complete"
fi

mkdir -p "$KAFKA_DATA"
CONF="$KAFKA_DATA/server.properties"
LOG4J="$KAFKA_DATA/log4j.properties"
cat > "$CONF" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$KAFKA_CTRL_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CTRL_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$KAFKA_DATA/logs
num.partitions=1
auto.create.topics.enable=true
offsets.topic.replication.factor=1
offsets.topic.num.partitions=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
PROPS
cat > "$LOG4J" <<'L4J'
log4j.rootLogger=INFO, stdout
log4j.appender.stdout=org.apache.log4j.ConsoleAppender
log4j.appender.stdout.layout=org.apache.log4j.PatternLayout
log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka.request.logger=WARN
log4j.logger.state.change.logger=WARN
L4J

JAVA_OPTS=($KAFKA_HEAP -XX:+UseG1GC -Djava.awt.headless=true -Djava.net.preferIPv4Stack=true
  -Dlog4j.configuration="file:$LOG4J")
CP="$KAFKA_LIB/*"
if [[ ! -f "$KAFKA_DATA/logs/meta.properties" ]]; then
  CLUSTER_ID="$(java -cp "$CP" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -1)"
  java "${JAVA_OPTS[@]}" -cp "$CP" kafka.tools.StorageTool format -t "$CLUSTER_ID" -c "$CONF" \
    --ignore-formatted > "$KAFKA_DATA/format.log" 2>&1
fi

nohup java "${JAVA_OPTS[@]}" -cp "$CP" kafka.Kafka "$CONF" > "$KAFKA_DATA/kafka.log" 2>&1 < /dev/null &
PID=$!
echo "$PID" > "$KAFKA_DATA/kafka.pid"
for ((i = 0; i < KAFKA_READY_TIMEOUT * 10; i++)); do
  if grep -q "Kafka Server started" "$KAFKA_DATA/kafka.log" 2>/dev/null; then
    echo "BOOTSTRAP=127.0.0.1:$KAFKA_PORT PID=$PID"
    exit 0
  fi
  if ! kill -0 "$PID" 2>/dev/null; then
    echo "Kafka (pid $PID) died; last log lines:" >&2
    tail -30 "$KAFKA_DATA/kafka.log" >&2
    exit 1
  fi
  sleep 0.1
done
echo "Kafka not ready after ${KAFKA_READY_TIMEOUT}s (pid $PID, log $KAFKA_DATA/kafka.log)" >&2
exit 1
