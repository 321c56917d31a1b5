#!/usr/bin/env bash
# push-image.sh REGISTRY REPOSITORY TAG [--docker|--oci]
#
# Pushes a fresh, unique one-layer image to a registry without a Docker daemon: curl and sha256sum
# talk the registry HTTP API (OCI distribution spec) directly. It uploads a layer (a real gzipped
# tar), a config and a manifest (Docker schema 2 by default, --oci for an OCI image manifest), then
# prints the manifest digest the registry stored for the tag.
#   REGISTRY   e.g. http://127.0.0.1:5000 (http only: a local demo registry)
# Needs: bash, curl, sha256sum, tar, gzip, stat.
set -euo pipefail
if [[ $# -lt 3 ]]; then
  echo "usage: push-image.sh REGISTRY REPOSITORY TAG [--docker|--oci]" >&2
  exit 2
fi
REGISTRY="${1%/}" REPO="$2" TAG="$3" KIND="${4:---docker}"
case "$KIND" in
  --docker)
    MANIFEST_TYPE=application/vnd.docker.distribution.manifest.v2+json
    CONFIG_TYPE=application/vnd.docker.container.image.v1+json
    LAYER_TYPE=application/vnd.docker.image.rootfs.diff.tar.gzip ;;
  --oci)
    MANIFEST_TYPE=application/vnd.oci.image.manifest.v1+json
    CONFIG_TYPE=application/vnd.oci.image.config.v1+json
    LAYER_TYPE=application/vnd.oci.image.layer.v1.tar+gzip ;;
  *) echo "push-image.sh: unknown kind $KIND (--docker or --oci)" >&2; exit 2 ;;
esac

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

sha() { sha256sum "$1" | cut -d' ' -f1; }

# POST opens an upload session; PUT with ?digest= closes it with the whole blob (monolithic upload)
upload_blob() {
  local file="$1" location
  location="$(curl -fsS -X POST -o /dev/null -D - "$REGISTRY/v2/$REPO/blobs/uploads/" \
    | tr -d '\r' | awk 'tolower($1)=="location:"{print $2}')"
  [[ "$location" == http* ]] || location="$REGISTRY$location"
  [[ "$location" == *\?* ]] && location="$location&" || location="$location?"
  curl -fsS -X PUT -o /dev/null -H 'Content-Type: application/octet-stream' \
    --data-binary "@$file" "${location}digest=sha256:$(sha "$file")"
}

# a layer with unique content: one file of random bytes and the time
mkdir "$WORK/root"
{ head -c 64 /dev/urandom | base64; date -u +%s%N; } > "$WORK/root/payload.txt"
tar -C "$WORK/root" -cf "$WORK/layer.tar" payload.txt
gzip -n -c "$WORK/layer.tar" > "$WORK/layer.tar.gz"
printf '{"architecture":"amd64","os":"linux","config":{"Cmd":["/payload.txt"]},"rootfs":{"type":"layers","diff_ids":["sha256:%s"]}}' \
  "$(sha "$WORK/layer.tar")" > "$WORK/config.json"
upload_blob "$WORK/layer.tar.gz"
upload_blob "$WORK/config.json"

printf '{"schemaVersion":2,"mediaType":"%s","config":{"mediaType":"%s","digest":"sha256:%s","size":%s},"layers":[{"mediaType":"%s","digest":"sha256:%s","size":%s}]}' \
  "$MANIFEST_TYPE" "$CONFIG_TYPE" "$(sha "$WORK/config.json")" "$(stat -c %s "$WORK/config.json")" \
  "$LAYER_TYPE" "$(sha "$WORK/layer.tar.gz")" "$(stat -c %s "$WORK/layer.tar.gz")" > "$WORK/manifest.json"
stored="$(curl -fsS -X PUT -o /dev/null -D - -H "Content-Type: $MANIFEST_TYPE" \
  --data-binary "@$WORK/manifest.json" "$REGISTRY/v2/$REPO/manifests/$TAG" \
  | tr -d '\r' | awk 'tolower($1)=="docker-content-digest:"{print $2}')"
expected="sha256:$(sha "$WORK/manifest.json")"
if [[ "$stored" != "$expected" ]]; then
  echo "push-image.sh: the registry stored $stored, expected $expected" >&2
  exit 1
fi
echo "$stored"
