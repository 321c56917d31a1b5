# Vault policy of the timestamp-service (Kubernetes auth role trustpipe-timestamp-service).
# It re-signs timestamp, snapshot, targets and targets/releases with the keys the signing-service
# created in trustpipe-transit (same key names, KeyNames.forRole(gun, role)); it never creates a key.
path "trustpipe-transit/keys/*" {
  capabilities = ["read"]
}
path "trustpipe-transit/sign/*" {
  capabilities = ["update"]
}
