#!/usr/bin/env bash
# Build the application's root filesystem from Debian packages (mmdebstrap; no container registry
# is needed) with the pinned Python packages installed from wheels built on this machine.
#   ops/image/build-rootfs.sh OUT_DIR        (as root; needs mmdebstrap)
# Runtime requirements only (requirements.txt, with hashes); Pango and a font for the PDFs.
# OUT_DIR/rootfs is what the image holds: Debian bookworm's python3, a venv at /opt/safeguarding,
# static files collected in, a non-root user `safeguarding`, entry point /usr/local/bin/safeguarding-entrypoint.
set -euo pipefail
out=${1:?usage: ops/image/build-rootfs.sh OUT_DIR}
here=$(cd "$(dirname "$0")" && pwd)
project=$(cd "$here/../.." && pwd)
suite=${DEBIAN_SUITE:-bookworm}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
command -v mmdebstrap >/dev/null || { echo "build-rootfs: needs mmdebstrap (apt-get install mmdebstrap)" >&2; exit 2; }

rm -rf "$out/rootfs" "$out/wheels"
mkdir -p "$out/wheels"
# Wheels for the pinned requirements and the project, built here (the rootfs has no compiler and
# reaches no index); Debian bookworm's Python is 3.11, as the project pins.
pip=${PIP:-$project/.venv/bin/pip}
"$pip" wheel --quiet --disable-pip-version-check -r "$project/requirements.txt" -w "$out/wheels"
# The same pins without their hashes: a wheel built here from a source release has a hash of its own.
grep -E '^[A-Za-z0-9]' "$project/requirements.txt" | sed 's/ *\\$//' > "$out/wheels/pins.txt"
# The project from what is committed (a clean export: no stale build/ or local edits).
mkdir -p "$out/source"
git -C "$project" archive HEAD | tar -x -C "$out/source"
"$pip" wheel --quiet --disable-pip-version-check --no-deps "$out/source" -w "$out/wheels"
rm -rf "$out/source"

mmdebstrap --variant=apt --mode=root --quiet \
  --include=python3,python3-venv,ca-certificates,libpq5,tzdata,libpango-1.0-0,libpangoft2-1.0-0,fonts-dejavu-core \
  --customize-hook="copy-in $out/wheels /tmp" \
  --customize-hook="copy-in $here/entrypoint.sh /usr/local/bin" \
  --customize-hook='chroot "$1" sh -ec "
    python3 -m venv /opt/safeguarding
    /opt/safeguarding/bin/pip install --quiet --no-index --find-links /tmp/wheels -r /tmp/wheels/pins.txt
    /opt/safeguarding/bin/pip install --quiet --no-index --no-deps /tmp/wheels/safeguarding-*.whl
    rm -rf /tmp/wheels /root/.cache
    mv /usr/local/bin/entrypoint.sh /usr/local/bin/safeguarding-entrypoint
    chmod 0755 /usr/local/bin/safeguarding-entrypoint
    useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin safeguarding
    SAFEGUARDING_DATA_DIR=/opt/safeguarding /opt/safeguarding/bin/safeguarding collectstatic --no-input -v 0
    chmod -R a+rX,go-w /opt/safeguarding
    install -d -o safeguarding -g safeguarding -m 0700 /var/lib/safeguarding /var/lib/safeguarding/attachments
  "' \
  "$suite" "$out/rootfs" "$mirror"
echo "$out/rootfs: $(du -sh "$out/rootfs" | cut -f1)"
