#!/usr/bin/env bash
# Restore a backup made by ops/backup.sh into an EMPTY database, then prove it: checksums first,
# every table's row count against the manifest, and the access log's hash chain against the head
# recorded at backup time.
#   ops/restore.sh BACKUP_DIR TARGET_DATABASE_URL [ATTACHMENTS_TARGET_DIR]
set -euo pipefail
backup=${1:?usage: ops/restore.sh BACKUP_DIR TARGET_DATABASE_URL [ATTACHMENTS_TARGET_DIR]}
target=${2:?usage: ops/restore.sh BACKUP_DIR TARGET_DATABASE_URL [ATTACHMENTS_TARGET_DIR]}
attachments_target=${3:-}
here=$(cd "$(dirname "$0")" && pwd)
project=$(cd "$here/.." && pwd)
. "$here/pg-url.sh"
pg_url_parts "$target"

(cd "$backup" && sha256sum --quiet -c SHA256SUMS) || { echo "restore: the backup's checksums do not match; refusing it" >&2; exit 1; }
existing=$(pg_sql -d "$PGDB_" -c "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
[ "$existing" = "0" ] || { echo "restore: $PGDB_ already holds $existing table(s); restore into an empty database" >&2; exit 1; }

# --exit-on-error: a partial restore is worse than none. Triggers (the access log's guards) are
# created after the data, so they are not disabled.
pg_restore -h "$PGHOST_" -p "$PGPORT_" -U "$PGUSER_" -d "$PGDB_" --exit-on-error --no-owner --no-acl "$backup/database.dump"

if [ -f "$backup/attachments.tar" ]; then
  [ -n "$attachments_target" ] || { echo "restore: the backup holds attachments; name a directory for them" >&2; exit 1; }
  mkdir -p "$attachments_target" && tar -C "$attachments_target" -xf "$backup/attachments.tar"
fi

diff <(pg_row_counts "$PGDB_") "$backup/row-counts.tsv" >/dev/null \
  || { echo "restore: row counts differ from the backup's manifest:" >&2; diff <(pg_row_counts "$PGDB_") "$backup/row-counts.tsv" >&2 || true; exit 1; }
head_args=()
[ -f "$backup/access-log-head" ] && head_args=(--head-file "$backup/access-log-head")
bin=${SAFEGUARDING_BIN:-$project/.venv/bin/safeguarding}
DATABASE_URL="$target" ACCESS_LOG_HEAD_FILE= "$bin" verify-access-log "${head_args[@]}"
echo "restore: $(wc -l < "$backup/row-counts.tsv") tables, row counts match, access log verified"
