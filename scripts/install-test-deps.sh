#!/usr/bin/env bash
# Installs and starts what the test suite talks to, so it runs on a fresh clone:
# the real Debian `notary` CLI (the compatibility judge), SoftHSM2 (the PKCS#11 token of the custody
# tests), the CNCF Distribution registry (docker-registry), and the machine's PostgreSQL on 127.0.0.1:5432.
# Kafka needs nothing here: tests start a real KRaft broker inside the test JVM.
set -euo pipefail

need_apt=()
command -v notary >/dev/null 2>&1 || need_apt+=(notary)
command -v mvn >/dev/null 2>&1 || need_apt+=(maven)
command -v pg_ctlcluster >/dev/null 2>&1 || need_apt+=(postgresql)
# SoftHSM2: the PKCS#11 token the custody tests (libs/testkit) sign with through SunPKCS11
command -v softhsm2-util >/dev/null 2>&1 || need_apt+=(softhsm2)
# CNCF Distribution: the real registry the registry-confirmation and end-to-end tests push to
command -v docker-registry >/dev/null 2>&1 || need_apt+=(docker-registry)
# kubectl for the deploy/k8s tests (`kubectl kustomize`; $KUBECTL overrides). Debian bookworm's
# kubernetes-client is 1.20 with kustomize v2.0.3 built in; deploy/k8s sticks to kustomization fields
# that v2.0.3 and v5 both render (checked with both). Installed only where no kubectl exists.
command -v kubectl >/dev/null 2>&1 || need_apt+=(kubernetes-client)
# Node.js + npm for the deploy/k8s tests' CRD checks (npm ci of the @kubernetes-models validators in
# deploy/k8s-tests/src/test/node); installed only where no node exists.
command -v node >/dev/null 2>&1 || need_apt+=(nodejs npm)
if ((${#need_apt[@]})); then
  echo "install-test-deps: installing ${need_apt[*]} from Debian"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

pg_up() { pg_isready -h 127.0.0.1 -p 5432 -q; }
if ! pg_up; then
  echo "install-test-deps: starting PostgreSQL"
  for v in $(ls /etc/postgresql); do
    pg_ctlcluster --skip-systemctl-redirect "$v" main start || true
  done
  for _ in $(seq 1 30); do pg_up && break; sleep 1; done
  pg_up || { echo "install-test-deps: PostgreSQL did not come up on 127.0.0.1:5432" >&2; exit 1; }
fi
# Tests connect as postgres over TCP with trust auth (the machine's default) and create their own databases.
psql -h 127.0.0.1 -U postgres -d postgres -Atqc 'select 1' >/dev/null
echo "install-test-deps: notary $(dpkg-query -W -f='${Version}' notary 2>/dev/null || echo "(not from Debian)"), PostgreSQL on 127.0.0.1:5432 ready"
