#!/usr/bin/env bash
# The restore drill (`make restore-drill`): on scratch databases of DATABASE_URL's server, build a
# small force, back it up, lose the database, restore into a new one and prove the copy (row
# counts, attachments, the access log's hash chain); a damaged backup must be refused. Prints the
# times taken as JSON on its last line. Needs DATABASE_URL for a user who may create databases.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${DATABASE_URL:?restore-drill needs DATABASE_URL (postgres://user@host:port/any-database)}"
. ops/pg-url.sh
pg_url_parts "$DATABASE_URL"
bin=${SAFEGUARDING_BIN:-.venv/bin/safeguarding}
children=${DRILL_CHILDREN:-100}

suffix=$$
source_db=sg_drill_source_$suffix restored_db=sg_drill_restored_$suffix
base="postgres://$PGUSER_@$PGHOST_:$PGPORT_"
work=$(mktemp -d)
cleanup() {
  pg_sql -d postgres -c "DROP DATABASE IF EXISTS $source_db" >/dev/null 2>&1 || true
  pg_sql -d postgres -c "DROP DATABASE IF EXISTS $restored_db" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "restore-drill: FAILED: $*" >&2; exit 1; }
now() { date +%s.%N; }
seconds() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

export ACCESS_LOG_HEAD_FILE="$work/access-log-head" ATTACHMENTS_ROOT="$work/attachments"
mkdir -p "$ATTACHMENTS_ROOT/case-1"
printf 'invented statement for the drill\n' > "$ATTACHMENTS_ROOT/case-1/statement.txt"

echo "== a force of $children children on $source_db"
pg_sql -d postgres -c "CREATE DATABASE $source_db"
export DATABASE_URL="$base/$source_db"
"$bin" migrate --no-input -v 0
"$bin" demo-data --children "$children" --seed 1 --as-of 2026-10-31 --quiet >/dev/null
"$bin" evaluate >/dev/null 2>&1 || fail "evaluate"
# An export writes access-log events; sealing records the chain's head outside the database.
"$bin" export "$work/export" --as data --recipient "restore drill" >/dev/null
"$bin" seal-access-log >/dev/null
[ -s "$ACCESS_LOG_HEAD_FILE" ] || fail "no access-log head was recorded"
rows_before=$(pg_row_counts "$source_db" | awk -F'\t' '{ s += $2 } END { print s }')

echo "== back up"
t0=$(now)
backup=$(ops/backup.sh "$work/backups")
t1=$(now)

echo "== a damaged copy of the backup is refused"
damaged="$work/damaged"
cp -r "$backup" "$damaged"
printf 'x' | dd of="$damaged/database.dump" bs=1 seek=2048 conv=notrunc status=none
pg_sql -d postgres -c "CREATE DATABASE $restored_db"
if ops/restore.sh "$damaged" "$base/$restored_db" "$work/restored-attachments" >/dev/null 2>&1; then
  fail "a damaged backup was restored"
fi

echo "== the disk fails: $source_db is gone"
pg_sql -d postgres -c "DROP DATABASE $source_db WITH (FORCE)"

echo "== restore into $restored_db"
t2=$(now)
ops/restore.sh "$backup" "$base/$restored_db" "$work/restored-attachments"
t3=$(now)
cmp -s "$work/restored-attachments/case-1/statement.txt" "$ATTACHMENTS_ROOT/case-1/statement.txt" \
  || fail "the attachment did not come back"
rows_after=$(pg_row_counts "$restored_db" | awk -F'\t' '{ s += $2 } END { print s }')
[ "$rows_before" = "$rows_after" ] || fail "rows before $rows_before, after $rows_after"
DATABASE_URL="$base/$restored_db" "$bin" showmigrations --plan | grep -q '^\[ \]' && fail "unapplied migrations after restore"

size=$(du -sk "$backup" | cut -f1)
printf '{"children": %s, "rows": %s, "backup_kib": %s, "backup_s": %s, "restore_and_verify_s": %s, "access_log": "verified", "damaged_backup": "refused"}\n' \
  "$children" "$rows_after" "$size" "$(seconds "$t0" "$t1")" "$(seconds "$t2" "$t3")"
