# Vault policy of the audit-service (Kubernetes auth role trustpipe-audit-service).
# Its only key: the Ed25519 checkpoint key TRUSTPIPE_AUDIT_KEY_NAME (default trustpipe-audit-checkpoint),
# created on first start, in a Transit mount of its own so that it can never sign trust data.
path "trustpipe-audit-transit/keys/trustpipe-audit-checkpoint" {
  capabilities = ["create", "read"]
}
path "trustpipe-audit-transit/sign/trustpipe-audit-checkpoint" {
  capabilities = ["update"]
}
