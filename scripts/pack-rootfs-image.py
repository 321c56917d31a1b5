#!/usr/bin/env python3
"""Packs a root filesystem directory as a one-layer image tarball in `docker save` format.

usage: pack-rootfs-image.py ROOTFS OUT.tar TAG [CREATED_BY]

The tarball holds `manifest.json`, the image config (`<sha256 of config>.json`) and the layer
(`layer.tar`, uncompressed), which is what Jib reads from `<from><image>tar:///path/OUT.tar</image>`.
Used by scripts/build-base-image.sh for TrustPipe's CI base image (Debian bookworm + OpenJDK 17 JRE).

Adapted from the shared reference ../shared/tools/jib/make-base-tar.py (same output layout); this
version streams the layer into the output once (no temporary copy of the layer), hashes it on the
way, sorts entries and pins their mtimes so the same rootfs gives the same layer digest.
"""
import hashlib
import io
import json
import os
import subprocess
import sys
import tarfile
import tempfile

# /proc, /sys and /dev are filled by the container runtime; apt's caches are not needed at run time
EXCLUDES = ["./proc/*", "./sys/*", "./dev/*", "./var/cache/apt/*", "./var/lib/apt/lists/*",
            "./tmp/*", "./var/tmp/*", "./var/log/*"]
JAVA_HOME = "/usr/lib/jvm/java-17-openjdk-amd64"


def pack_layer(rootfs, layer_path, mtime):
    """Writes ROOTFS as an uncompressed tar to layer_path; returns its sha256 (the diff id)."""
    cmd = ["tar", "--create", "--file=-", "--directory", rootfs, "--numeric-owner", "--xattrs",
           "--sort=name", "--mtime=@%d" % mtime, "--format=posix",
           "--pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime"]
    cmd += ["--exclude=" + e for e in EXCLUDES] + ["."]
    digest = hashlib.sha256()
    with open(layer_path, "wb") as out, subprocess.Popen(cmd, stdout=subprocess.PIPE) as tar:
        for chunk in iter(lambda: tar.stdout.read(1 << 20), b""):
            digest.update(chunk)
            out.write(chunk)
    if tar.returncode != 0:
        sys.exit("pack-rootfs-image: tar exited %d" % tar.returncode)
    return "sha256:" + digest.hexdigest()


def add_bytes(archive, name, data, mtime):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = mtime
    info.mode = 0o644
    archive.addfile(info, io.BytesIO(data))


def main():
    if len(sys.argv) not in (4, 5):
        sys.exit(__doc__.split("\n\n")[1])
    rootfs, out, tag = sys.argv[1], sys.argv[2], sys.argv[3]
    created_by = sys.argv[4] if len(sys.argv) == 5 else "rootfs " + rootfs
    if not os.path.isfile(os.path.join(rootfs, JAVA_HOME.lstrip("/"), "bin", "java")):
        sys.exit("pack-rootfs-image: %s has no %s/bin/java" % (rootfs, JAVA_HOME))
    mtime = int(os.environ.get("SOURCE_DATE_EPOCH", "0"))
    out_dir = os.path.dirname(os.path.abspath(out))
    with tempfile.TemporaryDirectory(dir=out_dir, prefix=".pack-") as work:
        layer = os.path.join(work, "layer.tar")
        diff_id = pack_layer(rootfs, layer, mtime)
        config = {
            "architecture": "amd64",
            "os": "linux",
            "created": "1970-01-01T00:00:00Z",
            "config": {
                "Env": ["PATH=%s/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
                        % JAVA_HOME,
                        "JAVA_HOME=" + JAVA_HOME, "LANG=C.UTF-8"],
                # the services' images set their own user (Jib <container><user>); non-root here too
                "User": "10001:10001",
                "WorkingDir": "/tmp",
            },
            "rootfs": {"type": "layers", "diff_ids": [diff_id]},
            "history": [{"created": "1970-01-01T00:00:00Z", "created_by": created_by}],
        }
        config_bytes = json.dumps(config, sort_keys=True, separators=(",", ":")).encode()
        config_name = hashlib.sha256(config_bytes).hexdigest() + ".json"
        manifest = [{"Config": config_name, "RepoTags": [tag], "Layers": ["layer.tar"]}]
        partial = os.path.join(work, "image.tar")
        with tarfile.open(partial, "w", format=tarfile.PAX_FORMAT) as archive:
            add_bytes(archive, config_name, config_bytes, mtime)
            add_bytes(archive, "manifest.json", json.dumps(manifest).encode(), mtime)
            info = archive.gettarinfo(layer, arcname="layer.tar")
            info.mtime, info.uid, info.gid, info.uname, info.gname = mtime, 0, 0, "", ""
            with open(layer, "rb") as data:
                archive.addfile(info, data)
        os.replace(partial, out)  # never leave a half-written OUT behind
    print("%s %s (%d MB)" % (out, diff_id, os.path.getsize(out) >> 20))


if __name__ == "__main__":
    main()
