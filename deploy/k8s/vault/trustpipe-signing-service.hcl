# Vault policy of the signing-service (Kubernetes auth role trustpipe-signing-service).
# Transit mount trustpipe-transit holds the per-repository keys: name = KeyNames.forRole(gun, role),
# e.g. registry-example-com-team-app_targets-releases_5c1f0a3b9e2d4c71 for every Notary role (root,
# targets, targets/releases, snapshot, timestamp) and role "sigstore" for OCI signature keys. The
# signing-service creates them (non-exportable), reads their public keys, signs with them and adds
# key versions on rotation (./trustpipe keys rotate, TRUSTPIPE_KEY_ROTATION_MAX_AGE).
# Nothing else: no export, backup, config, delete, trim, or other mounts.
path "trustpipe-transit/keys/*" {
  capabilities = ["create", "read"]
}
path "trustpipe-transit/sign/*" {
  capabilities = ["update"]
}
# "+" matches one path segment: any key name, and only its rotate endpoint
path "trustpipe-transit/keys/+/rotate" {
  capabilities = ["update"]
}
