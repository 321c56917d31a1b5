#!/usr/bin/env bash
# get-real-verifiers.sh DIR
# The real sigstore verifiers for the OCI-signature tests: Debian 13 (trixie) skopeo 1.18 (Debian 12's
# skopeo has sigstore disabled by a Debian patch) and cosign 2.5, fetched as .debs from the machine's
# own Debian mirror with a private APT configuration (the system's sources and dpkg state are
# untouched), unpacked into DIR; writes DIR/skopeo (runs trixie's skopeo on trixie's glibc through its
# own ld.so) and DIR/cosign. Idempotent: does nothing when both are there and run.
# Origin: adapted from the project's shared reference scripts (shared/tools/sigstore/get-real-verifiers.sh).
set -euo pipefail
D=$(mkdir -p "$1" && cd "$1" && pwd); A=$D/apt
if [ -x "$D/skopeo" ] && [ -x "$D/cosign" ] && "$D/skopeo" --version >/dev/null 2>&1 && "$D/cosign" version >/dev/null 2>&1; then
  exit 0
fi
mkdir -p "$A"/lists/partial "$A"/cache/archives/partial "$A"/etc/sources.list.d "$A"/etc/preferences.d "$D"/debs "$D"/root
# the first of the machine's own Debian mirrors (from its apt sources) that serves the trixie suite
MIRROR=""
for u in $( (grep -rhoE 'https?://[^ ]+/debian/?' /etc/apt/sources.list /etc/apt/sources.list.d/ 2>/dev/null || true) | sort -u); do
  curl -sfo /dev/null --max-time 10 "${u%/}/dists/trixie/Release" && { MIRROR=$u; break; }
done
[ -n "$MIRROR" ] || { echo "no Debian mirror here serves trixie" >&2; exit 1; }
echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] ${MIRROR%/} trixie main" > "$A/etc/sources.list"
cat > "$A/apt.conf" <<CONF
Dir::Etc::sourcelist "$A/etc/sources.list";
Dir::Etc::sourceparts "$A/etc/sources.list.d";
Dir::Etc::preferencesparts "$A/etc/preferences.d";
Dir::State::Lists "$A/lists";
Dir::Cache "$A/cache";
APT::Sandbox::User "root";
CONF
export APT_CONFIG=$A/apt.conf
apt-get update -qq
(cd "$D/debs" && apt-get download -qq skopeo cosign libc6 libgpgme11t64 libassuan9 libgpg-error0 libsqlite3-0)
for f in "$D"/debs/*.deb; do dpkg-deb -x "$f" "$D/root"; done
RT=$D/root/usr/lib/x86_64-linux-gnu
printf '#!/bin/sh\nexec "%s/ld-linux-x86-64.so.2" --library-path "%s" "%s/root/usr/bin/skopeo" "$@"\n' "$RT" "$RT" "$D" > "$D/skopeo"
ln -sf "$D/root/usr/bin/cosign" "$D/cosign"; chmod +x "$D/skopeo"
"$D/skopeo" --version; "$D/cosign" version 2>&1 | grep GitVersion || true
