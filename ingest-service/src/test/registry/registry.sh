#!/usr/bin/env bash
# The real CNCF Distribution registry (Debian package docker-registry, 2.8.2) for the ingest-service's
# end-to-end test, installed from Debian when missing.
#   registry.sh start   starts it on 127.0.0.1:$REGISTRY_PORT, notifications to $NOTIFY_URL with
#                       "Authorization: Bearer $NOTIFY_TOKEN"; with $INTRUDER_TOKEN set, a second
#                       endpoint sends the same events with that (wrong) token
#   registry.sh stop    stops the instance whose pid is in $REGISTRY_DIR/registry.pid (nothing else)
# REGISTRY_DIR holds config.yml, data/, registry.log and registry.pid.
set -euo pipefail
: "${REGISTRY_PORT:?}" "${REGISTRY_DIR:?}"

start() {
  : "${NOTIFY_URL:?}" "${NOTIFY_TOKEN:?}"
  if ! command -v docker-registry >/dev/null; then
    echo "registry.sh: installing docker-registry from Debian" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -qq docker-registry >/dev/null 2>&1 \
      || { apt-get update -qq && apt-get install -y -qq docker-registry >/dev/null; }
  fi
  mkdir -p "$REGISTRY_DIR/data"
  {
    echo "version: 0.1"
    echo "log: {level: info}"
    echo "storage: {filesystem: {rootdirectory: $REGISTRY_DIR/data}, delete: {enabled: true}}"
    echo "http: {addr: 127.0.0.1:$REGISTRY_PORT}"
    echo "notifications:"
    echo "  endpoints:"
    endpoint trustpipe "$NOTIFY_TOKEN"
    [ -n "${INTRUDER_TOKEN:-}" ] && endpoint intruder "$INTRUDER_TOKEN"
  } > "$REGISTRY_DIR/config.yml"
  docker-registry serve "$REGISTRY_DIR/config.yml" > "$REGISTRY_DIR/registry.log" 2>&1 &
  echo $! > "$REGISTRY_DIR/registry.pid"
  for _ in $(seq 1 100); do
    if curl -fs -o /dev/null "http://127.0.0.1:$REGISTRY_PORT/v2/"; then
      echo "http://127.0.0.1:$REGISTRY_PORT"
      return 0
    fi
    sleep 0.1
  done
  echo "registry.sh: the registry did not start; see $REGISTRY_DIR/registry.log" >&2
  return 1
}

endpoint() {
  echo "    - name: $1"
  echo "      url: $NOTIFY_URL"
  echo "      headers: {Authorization: [\"Bearer $2\"]}"
  echo "      timeout: 2s"
  echo "      threshold: 5"
  echo "      backoff: 1s"
}

stop() {
  [ -f "$REGISTRY_DIR/registry.pid" ] || return 0
  pid="$(cat "$REGISTRY_DIR/registry.pid")"
  if kill "$pid" 2>/dev/null; then
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -f "$REGISTRY_DIR/registry.pid"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: registry.sh start|stop" >&2; exit 2 ;;
esac
