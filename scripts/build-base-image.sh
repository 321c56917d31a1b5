#!/usr/bin/env bash
# Builds the base image of TrustPipe's container images from Debian packages, without a Docker daemon
# or a registry (none can be pulled on the CI machines): `debootstrap --variant=minbase
# --include=openjdk-17-jre-headless bookworm` from this machine's Debian mirror, plus a non-root
# `trustpipe` user (10001:10001), packed by scripts/pack-rootfs-image.py as a one-layer `docker save`
# tarball. The services' Jib builds (-Pimages) use it as <from> tar://~/.cache/trustpipe/base-image.tar;
# production builds name a registry base image instead (-Dtrustpipe.jib.base=registry/image:tag).
#
# usage: scripts/build-base-image.sh [--force] [OUT.tar]   (default OUT: ~/.cache/trustpipe/base-image.tar)
#
# A cache: does nothing when OUT exists and was built by the same version of this script and the packer
# from the same mirror (OUT.inputs records that); --force rebuilds. Needs root (debootstrap); installs
# debootstrap from Debian when missing. About 40 s and ~110 MB of downloads the first time per machine.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

force=false
if [[ "${1:-}" == "--force" ]]; then force=true; shift; fi
out="${1:-$HOME/.cache/trustpipe/base-image.tar}"
suite=bookworm

# The machine's Debian mirror for $suite: deb822 *.sources first, then one-line sources.list entries.
mirror() {
  local f
  for f in /etc/apt/sources.list.d/*.sources; do
    [[ -f "$f" ]] || continue
    # stanzas are separated by blank lines; take the URI of the first stanza listing "$suite" itself
    awk -v suite="$suite" '
      BEGIN { RS = ""; FS = "\n" }
      {
        uri = ""; ok = 0; enabled = 1
        for (i = 1; i <= NF; i++) {
          if ($i ~ /^URIs:/)    { split($i, u, /[ \t]+/); uri = u[2] }
          if ($i ~ /^Suites:/)  { n = split($i, s, /[ \t]+/); for (j = 2; j <= n; j++) if (s[j] == suite) ok = 1 }
          if ($i ~ /^Enabled:[ \t]*no/) enabled = 0
          if ($i ~ /^Types:/ && $i !~ /[ \t]deb([ \t]|$)/) enabled = 0
        }
        if (ok && enabled && uri != "") { print uri; exit }
      }' "$f"
  done | head -n1 | grep . && return
  if [[ -f /etc/apt/sources.list ]]; then
    awk -v suite="$suite" '$1 == "deb" { u = ($2 ~ /^\[/) ? $3 : $2; s = ($2 ~ /^\[/) ? $4 : $3; if (s == suite) { print u; exit } }' \
      /etc/apt/sources.list | grep . && return
  fi
  echo http://deb.debian.org/debian
}

MIRROR="$(mirror)"
inputs="$(sha256sum "$HERE/build-base-image.sh" "$HERE/pack-rootfs-image.py" | cut -d' ' -f1 | tr '\n' ' ') $suite $MIRROR"

mkdir -p "$(dirname "$out")"
exec 9>"$out.lock"
flock 9 # one build at a time per OUT (parallel CI jobs on one machine)
if ! $force && [[ -s "$out" && -f "$out.inputs" && "$(cat "$out.inputs")" == "$inputs" ]]; then
  echo "build-base-image: $out is up to date"
  exit 0
fi

if [[ $EUID -ne 0 ]]; then
  echo "build-base-image: debootstrap needs root (run as root, or build $out elsewhere and copy it here)" >&2
  exit 1
fi
if ! command -v debootstrap >/dev/null 2>&1; then
  echo "build-base-image: installing debootstrap from Debian"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null \
    || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null; }
fi

rootfs="$(mktemp -d /tmp/trustpipe-rootfs.XXXXXX)"
trap 'rm -rf --one-file-system "$rootfs"' EXIT
chmod 755 "$rootfs" # the layer's "./" entry: mktemp's 0700 would make / unreadable for uid 10001
echo "build-base-image: debootstrap $suite from $MIRROR into $rootfs"
start=$SECONDS
debootstrap --variant=minbase --include=openjdk-17-jre-headless "$suite" "$rootfs" "$MIRROR" \
  >"$rootfs.log" 2>&1 || { tail -n 30 "$rootfs.log" >&2; exit 1; }
rm -f "$rootfs.log"

# the user the images run as (Jib sets <container><user>10001:10001</user>); home /tmp, the one
# writable directory under a read-only root filesystem
echo 'trustpipe:x:10001:10001:TrustPipe:/tmp:/usr/sbin/nologin' >>"$rootfs/etc/passwd"
echo 'trustpipe:x:10001:' >>"$rootfs/etc/group"
chmod 1777 "$rootfs/tmp"

python3 "$HERE/pack-rootfs-image.py" "$rootfs" "$out" "trustpipe/base:$suite-jre17" \
  "debootstrap --variant=minbase --include=openjdk-17-jre-headless $suite $MIRROR"
echo "$inputs" >"$out.inputs"
echo "build-base-image: $out built in $((SECONDS - start)) s"
