#!/usr/bin/env bash
# Issue 23: build the application's root filesystem from Debian packages and run its entry point
# from it (read-only root, non-root user, production settings) against a scratch PostgreSQL
# database until /readyz answers 200. Needs root and DATABASE_URL (a superuser on the server).
set -euo pipefail
cd "$(dirname "$0")/.."
: "${DATABASE_URL:?rootfs.sh needs DATABASE_URL}"
if ! command -v mmdebstrap >/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mmdebstrap >/dev/null
fi
. ops/pg-url.sh
pg_url_parts "$DATABASE_URL"
work=$(mktemp -d /var/tmp/sg-rootfs.XXXXXX)
db=sg_rootfs_$$
port=${ROOTFS_PORT:-18$(( $$ % 900 + 100 ))}
server=""
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null || true
  pg_sql -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

started=$(date +%s)
bash ops/image/build-rootfs.sh "$work" | tail -1
built=$(date +%s)
pg_sql -d postgres -c "CREATE DATABASE $db"
export SAFEGUARDING_ENV=production DATABASE_URL="postgres://$PGUSER_@$PGHOST_:$PGPORT_/$db" PORT="$port" \
  SECRET_KEY="rootfs-check-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')" ALLOWED_HOSTS=127.0.0.1,localhost
bash ops/image/run-rootfs.sh "$work/rootfs" migrate >/dev/null
bash ops/image/run-rootfs.sh "$work/rootfs" serve > "$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 1 60); do
  if [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/readyz")" = "200" ]; then
    echo "rootfs: /readyz answered from the built root filesystem (build $((built - started)) s, $(du -sh "$work/rootfs" | cut -f1))"
    exit 0
  fi
  sleep 2
done
echo "rootfs: FAILED: /readyz never answered; the server said:" >&2
tail -30 "$work/serve.log" >&2
exit 1
