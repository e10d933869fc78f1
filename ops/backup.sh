#!/usr/bin/env bash
# Back up one force's data: the PostgreSQL database (pg_dump, custom format), the attachments
# directory and the access log's recorded head, with a manifest of row counts and checksums.
# Suits a small force; a large one adds WAL archiving (docs/operations.md, "Backups").
#   ops/backup.sh DEST_DIR      (DATABASE_URL=postgres://...; ATTACHMENTS_ROOT and
#                                ACCESS_LOG_HEAD_FILE as the application has them)
# Prints the backup's directory. The backup holds personal data: it is written 0700/0600.
set -euo pipefail
dest=${1:?usage: ops/backup.sh DEST_DIR}
: "${DATABASE_URL:?backup.sh needs DATABASE_URL (postgres://...)}"
case "$DATABASE_URL" in postgres://*|postgresql://*) ;; *) echo "backup.sh: DATABASE_URL is not PostgreSQL" >&2; exit 2;; esac
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=ops/pg-url.sh
. "$here/pg-url.sh"
pg_url_parts "$DATABASE_URL"

umask 077
stamp=$(date -u +%Y%m%dT%H%M%SZ)
out="$dest/safeguarding-$stamp"
mkdir -p "$out"

# The dump and the row counts see one snapshot: a session exports it and stays open while
# pg_dump reads through it, then counts every table in the same transaction.
coproc SNAPSHOT { psql -X -q -A -t -F $'\t' -v ON_ERROR_STOP=1 -h "$PGHOST_" -p "$PGPORT_" -U "$PGUSER_" -d "$PGDB_"; }
echo "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SELECT pg_export_snapshot();" >&"${SNAPSHOT[1]}"
read -r snapshot <&"${SNAPSHOT[0]}"
pg_dump -h "$PGHOST_" -p "$PGPORT_" -U "$PGUSER_" --snapshot="$snapshot" --format=custom --compress=6 \
  --file="$out/database.dump" "$PGDB_"
for table in $(pg_sql -d "$PGDB_" -c "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"); do
  echo "SELECT '$table', count(*) FROM \"$table\";" >&"${SNAPSHOT[1]}"
  read -r counted <&"${SNAPSHOT[0]}"
  printf '%s\n' "$counted"
done > "$out/row-counts.tsv"
echo "COMMIT;" >&"${SNAPSHOT[1]}"
exec {SNAPSHOT[1]}>&-
wait "$SNAPSHOT_PID" 2>/dev/null || true

attachments=${ATTACHMENTS_ROOT:-}
if [ -n "$attachments" ] && [ -d "$attachments" ]; then
  tar -C "$attachments" -cf "$out/attachments.tar" .
fi
if [ -n "${ACCESS_LOG_HEAD_FILE:-}" ] && [ -f "$ACCESS_LOG_HEAD_FILE" ]; then
  cp "$ACCESS_LOG_HEAD_FILE" "$out/access-log-head"
fi
(cd "$out" && sha256sum -- * > SHA256SUMS)
echo "$out"
