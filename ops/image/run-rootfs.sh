#!/usr/bin/env bash
# Run the image's entry point straight from its root filesystem, as the container engine would:
# a private mount namespace, the root read-only, /tmp a small tmpfs, the non-root user
# `safeguarding`, and only the settings passed on (no container engine needed; as root).
#   ops/image/run-rootfs.sh ROOTFS [serve|migrate|COMMAND ...]
# Passes SAFEGUARDING_ENV, DATABASE_URL, SECRET_KEY, ALLOWED_HOSTS, PORT and the other settings
# docs/operations.md lists from this environment.
set -euo pipefail
root=$(cd "${1:?usage: ops/image/run-rootfs.sh ROOTFS [ARGS...]}" && pwd)
shift
settings=()
for name in SAFEGUARDING_ENV DATABASE_URL SECRET_KEY ALLOWED_HOSTS PORT TRUSTED_PROXY \
  TRUSTED_PROXY_COUNT CSRF_TRUSTED_ORIGINS ACCESS_LOG_HEAD_FILE ATTACHMENTS_ROOT LOG_FORMAT \
  METRICS_TOKEN OIDC_RP_CLIENT_ID OIDC_RP_CLIENT_SECRET OIDC_OP_DISCOVERY_URL; do
  [ -n "${!name:-}" ] && settings+=("$name=${!name}")
done
exec unshare --mount --propagation private -- /bin/sh -ec '
  root=$1; shift
  mount --bind "$root" "$root"
  mount -o remount,bind,ro "$root"
  mount -t proc proc "$root/proc"
  mount --rbind /dev "$root/dev"
  mount -t tmpfs -o size=64m,mode=1777 tmpfs "$root/tmp"
  exec chroot --userspec=safeguarding:safeguarding "$root" "$@"
' run-rootfs "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/nonexistent LANG=C.UTF-8 \
  "${settings[@]}" /usr/local/bin/safeguarding-entrypoint "$@"
