#!/usr/bin/env bash
# Root filesystems for the services compose.yaml runs beside the application, from Debian
# packages as the application's is (no container registry is reachable from these machines):
#   ops/image/build-service-rootfs.sh postgres OUT_DIR   PostgreSQL 15
#   ops/image/build-service-rootfs.sh proxy OUT_DIR      nginx terminating TLS (self-signed
#                                                        certificate made on first start unless one is mounted)
set -euo pipefail
service=${1:?usage: build-service-rootfs.sh postgres|proxy OUT_DIR}
out=${2:?usage: build-service-rootfs.sh postgres|proxy OUT_DIR}
here=$(cd "$(dirname "$0")" && pwd)
suite=${DEBIAN_SUITE:-bookworm}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
case "$service" in
  postgres) packages=postgresql-15,tzdata,locales ;;
  proxy) packages=nginx-light,openssl,ca-certificates ;;
  *) echo "unknown service $service" >&2; exit 2 ;;
esac
rm -rf "$out/$service-rootfs"
mmdebstrap --variant=apt --mode=root --quiet --include="$packages" \
  --customize-hook="copy-in $here/$service-entrypoint.sh /usr/local/bin" \
  --customize-hook='chroot "$1" chmod 0755 /usr/local/bin/'"$service"'-entrypoint.sh' \
  "$suite" "$out/$service-rootfs" "$mirror"
echo "$out/$service-rootfs"
