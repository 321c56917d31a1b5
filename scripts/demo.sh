#!/usr/bin/env bash
# scripts/demo.sh [all|registry|push|list|stop]
#
# The README's demo, against a running `./trustpipe up` (in another terminal):
#   registry  start the real CNCF Distribution registry (Debian package docker-registry) on
#             127.0.0.1:$REGISTRY_PORT with its notifications pointed at TrustPipe's webhook endpoint,
#             authenticated with the secret in $TRUSTPIPE_HOME/webhook-secret
#   push      push a fresh image $DEMO_REPOSITORY:$DEMO_TAG with scripts/push-image.sh (no Docker daemon)
#   list      wait until the real notary CLI lists the tag, then show `notary list`
#   stop      stop the demo registry (only the process whose pid is in $REGISTRY_DIR/registry.pid)
#   all       registry (unless already running), push, list  (the default)
#
# Settings (environment): TRUSTPIPE_HOME (default ./.trustpipe), TRUSTPIPE_INGEST_PORT (8080),
# TRUSTPIPE_NOTARY_PORT (4443), REGISTRY_PORT (5000), REGISTRY_DIR (${TMPDIR:-/tmp}/trustpipe-demo-registry),
# DEMO_REPOSITORY (demo/hello), DEMO_TAG (v1).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TRUSTPIPE_HOME="${TRUSTPIPE_HOME:-$PWD/.trustpipe}"
INGEST_PORT="${TRUSTPIPE_INGEST_PORT:-8080}"
NOTARY_PORT="${TRUSTPIPE_NOTARY_PORT:-4443}"
REGISTRY_PORT="${REGISTRY_PORT:-5000}"
REGISTRY_DIR="${REGISTRY_DIR:-${TMPDIR:-/tmp}/trustpipe-demo-registry}"
REPO="${DEMO_REPOSITORY:-demo/hello}"
TAG="${DEMO_TAG:-v1}"
REGISTRY="http://127.0.0.1:$REGISTRY_PORT"
GUN="127.0.0.1:$REGISTRY_PORT/$REPO"

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
die() { echo "demo.sh: $*" >&2; exit 1; }

require_trustpipe() {
  [[ -f "$TRUSTPIPE_HOME/webhook-secret" ]] \
    || die "no $TRUSTPIPE_HOME/webhook-secret: run ./trustpipe up in another terminal first (same TRUSTPIPE_HOME)"
  curl -fs -o /dev/null "http://127.0.0.1:$INGEST_PORT/actuator/health" \
    || die "TrustPipe's ingest-service does not answer on 127.0.0.1:$INGEST_PORT: is ./trustpipe up running?"
}

registry_running() {
  [[ -f "$REGISTRY_DIR/registry.pid" ]] && kill -0 "$(cat "$REGISTRY_DIR/registry.pid")" 2>/dev/null
}

start_registry() {
  require_trustpipe
  if registry_running; then
    echo "the demo registry already runs (pid $(cat "$REGISTRY_DIR/registry.pid")) on $REGISTRY"
    return
  fi
  if ! command -v docker-registry >/dev/null; then
    echo "installing Debian's docker-registry (needs root)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker-registry >/dev/null \
      || die "could not install docker-registry: run 'sudo apt-get install docker-registry'"
  fi
  say "starting the registry on $REGISTRY, notifications to TrustPipe"
  mkdir -p "$REGISTRY_DIR/data"
  cat > "$REGISTRY_DIR/config.yml" <<EOF
version: 0.1
log: {level: warn}
storage:
  filesystem: {rootdirectory: $REGISTRY_DIR/data}
  delete: {enabled: true}
http: {addr: 127.0.0.1:$REGISTRY_PORT}
notifications:
  endpoints:
    - name: trustpipe
      url: http://127.0.0.1:$INGEST_PORT/webhooks/distribution
      headers: {Authorization: [Bearer $(cat "$TRUSTPIPE_HOME/webhook-secret")]}
      timeout: 2s
      threshold: 5
      backoff: 1s
EOF
  chmod 600 "$REGISTRY_DIR/config.yml"
  sed 's/Bearer [^]]*/Bearer <secret>/' "$REGISTRY_DIR/config.yml"
  docker-registry serve "$REGISTRY_DIR/config.yml" > "$REGISTRY_DIR/registry.log" 2>&1 &
  echo $! > "$REGISTRY_DIR/registry.pid"
  for _ in $(seq 1 100); do
    curl -fs -o /dev/null "$REGISTRY/v2/" && { echo "registry up (pid $(cat "$REGISTRY_DIR/registry.pid"), log $REGISTRY_DIR/registry.log)"; return; }
    sleep 0.1
  done
  die "the registry did not start; see $REGISTRY_DIR/registry.log"
}

push() {
  say "pushing $REPO:$TAG to $REGISTRY (scripts/push-image.sh: curl + sha256sum, no Docker daemon)"
  DIGEST="$("$ROOT/scripts/push-image.sh" "$REGISTRY" "$REPO" "$TAG")"
  echo "the registry stored $REPO:$TAG as $DIGEST"
}

list() {
  say "notary list $GUN (the real notary CLI, verifying against TrustPipe's Notary v1 API)"
  local trust output
  trust="$(mktemp -d)"   # a fresh trust dir: first use trusts the root TrustPipe serves (TOFU)
  for _ in $(seq 1 60); do
    if output="$(notary -s "https://127.0.0.1:$NOTARY_PORT" --tlscacert "$TRUSTPIPE_HOME/tls/ca.crt" \
        -d "$trust" list "$GUN" 2>&1)" && grep -q "^$TAG[[:space:]]" <<<"$output"; then
      echo "\$ notary -s https://127.0.0.1:$NOTARY_PORT --tlscacert $TRUSTPIPE_HOME/tls/ca.crt -d $trust list $GUN"
      echo "$output"
      if [[ -n "${DIGEST:-}" ]]; then
        grep -q "^$TAG[[:space:]]\+${DIGEST#sha256:}[[:space:]]" <<<"$output" \
          || die "notary lists $TAG with another digest than the registry's $DIGEST"
        echo "signed: $GUN:$TAG -> $DIGEST (the registry's digest)"
      fi
      rm -rf "$trust"
      return
    fi
    sleep 1
  done
  rm -rf "$trust"
  die "notary does not list $TAG after 60 s; last output: $output"
}

stop_registry() {
  [[ -f "$REGISTRY_DIR/registry.pid" ]] || { echo "no demo registry running"; return; }
  local pid; pid="$(cat "$REGISTRY_DIR/registry.pid")"
  if kill "$pid" 2>/dev/null; then
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -f "$REGISTRY_DIR/registry.pid"
  echo "demo registry stopped"
}

case "${1:-all}" in
  all) start_registry; push; list ;;
  registry) start_registry ;;
  push) require_trustpipe; push ;;
  list) list ;;
  stop) stop_registry ;;
  -h|--help|help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//' ;;
  *) die "unknown step '$1' (all, registry, push, list, stop)" ;;
esac
