#!/usr/bin/env bash
# One-time Vault setup for TrustPipe (run with a Vault admin token; VAULT_ADDR set). Idempotent
# except for `secrets enable`, which fails harmlessly when the mount exists.
# NAMESPACE: the Kubernetes namespace TrustPipe runs in (production overlay: trustpipe).
set -euo pipefail
NAMESPACE=${NAMESPACE:-trustpipe}
HERE=$(cd "$(dirname "$0")" && pwd)

vault secrets enable -path=trustpipe-transit transit || true
vault secrets enable -path=trustpipe-audit-transit transit || true

vault auth enable kubernetes || true
# inside the cluster Vault reads the API server address and CA from its own service account
vault write auth/kubernetes/config kubernetes_host="https://kubernetes.default.svc:443"

for svc in signing-service timestamp-service audit-service; do
  vault policy write "trustpipe-$svc" "$HERE/trustpipe-$svc.hcl"
  vault write "auth/kubernetes/role/trustpipe-$svc" \
    bound_service_account_names="$svc" \
    bound_service_account_namespaces="$NAMESPACE" \
    token_policies="trustpipe-$svc" \
    token_ttl=1h token_max_ttl=4h
done
