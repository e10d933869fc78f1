"""Pack a built root filesystem into an OCI image archive (oci-archive tar), loadable with
`podman load -i` or `skopeo copy oci-archive:...`: one layer, a config naming the non-root user,
entry point, port and volumes. Standard library only, so it runs wherever the rootfs was built.

    python3 ops/image/oci-image.py ROOTFS OUT.tar [--tag safeguarding:dev]
"""

import argparse
import gzip
import hashlib
import io
import json
import os
import tarfile
import time
from pathlib import Path

APPLICATION_ENTRYPOINT = "/usr/local/bin/safeguarding-entrypoint"


def _blob(layout: tarfile.TarFile, payload: bytes, media_type: str) -> dict:
    digest = hashlib.sha256(payload).hexdigest()
    info = tarfile.TarInfo(f"blobs/sha256/{digest}")
    info.size = len(payload)
    info.mtime = 0
    layout.addfile(info, io.BytesIO(payload))
    return {"mediaType": media_type, "digest": f"sha256:{digest}", "size": len(payload)}


def _layer(rootfs: Path) -> tuple[bytes, str]:
    """The rootfs as one gzip layer; returns (compressed, diff_id of the uncompressed tar)."""
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as layer:
        for entry in sorted(rootfs.iterdir()):
            if entry.name in {"proc", "sys", "dev"}:
                # Mount points only: the engine provides them.
                info = layer.gettarinfo(str(entry), arcname=entry.name)
                layer.addfile(info)
                continue
            layer.add(str(entry), arcname=entry.name)
    uncompressed = raw.getvalue()
    return gzip.compress(uncompressed, compresslevel=6, mtime=0), "sha256:" + hashlib.sha256(
        uncompressed
    ).hexdigest()


def build(rootfs: Path, out: Path, tag: str, entrypoint: str, user: str) -> dict:
    application = entrypoint == APPLICATION_ENTRYPOINT
    compressed, diff_id = _layer(rootfs)
    config = {
        "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "architecture": {"x86_64": "amd64", "aarch64": "arm64"}.get(os.uname().machine, os.uname().machine),
        "os": "linux",
        "config": {
            "User": user,
            "Entrypoint": [entrypoint],
            "Cmd": ["serve"] if application else [],
            "Env": ["PATH=/usr/sbin:/usr/bin:/sbin:/bin", "LANG=C.UTF-8"]
            + (["SAFEGUARDING_ENV=production"] if application else []),
            "ExposedPorts": {"8000/tcp": {}} if application else {},
            "Volumes": {"/var/lib/safeguarding/attachments": {}} if application else {},
            "Labels": {"org.opencontainers.image.title": tag.split(":", 1)[0]},
        },
        "rootfs": {"type": "layers", "diff_ids": [diff_id]},
        "history": [{"created_by": "ops/image/build-rootfs.sh (mmdebstrap, Debian packages)"}],
    }
    with tarfile.open(out, "w") as layout:
        layer = _blob(layout, compressed, "application/vnd.oci.image.layer.v1.tar+gzip")
        config_blob = _blob(
            layout, json.dumps(config, sort_keys=True).encode(), "application/vnd.oci.image.config.v1+json"
        )
        manifest = {
            "schemaVersion": 2,
            "mediaType": "application/vnd.oci.image.manifest.v1+json",
            "config": config_blob,
            "layers": [layer],
        }
        manifest_blob = _blob(
            layout,
            json.dumps(manifest, sort_keys=True).encode(),
            "application/vnd.oci.image.manifest.v1+json",
        )
        manifest_blob["annotations"] = {"org.opencontainers.image.ref.name": tag}
        index = {
            "schemaVersion": 2,
            "mediaType": "application/vnd.oci.image.index.v1+json",
            "manifests": [manifest_blob],
        }
        for name, payload in (
            ("oci-layout", b'{"imageLayoutVersion": "1.0.0"}'),
            ("index.json", json.dumps(index).encode()),
        ):
            info = tarfile.TarInfo(name)
            info.size = len(payload)
            layout.addfile(info, io.BytesIO(payload))
    return {"image": str(out), "layer_bytes": layer["size"], "manifest": manifest_blob["digest"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rootfs", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--tag", default="safeguarding:dev")
    parser.add_argument("--entrypoint", default=APPLICATION_ENTRYPOINT)
    parser.add_argument("--user", default="safeguarding", help="The application runs as a non-root user.")
    options = parser.parse_args()
    print(json.dumps(build(options.rootfs, options.out, options.tag, options.entrypoint, options.user)))


if __name__ == "__main__":
    main()
