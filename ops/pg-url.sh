# Helpers for the ops scripts: split a postgres:// URL (trust or .pgpass auth; no password in
# the URL, so it never shows in `ps`), and count every table's rows.
pg_url_parts() {
  local rest=${1#*://} server
  PGUSER_=${rest%%@*}
  case "$PGUSER_" in *:*) echo "ops: put the password in ~/.pgpass or PGPASSWORD, not in the URL" >&2; exit 2;; esac
  server=${rest#*@}
  PGDB_=${server#*/}; PGDB_=${PGDB_%%\?*}
  server=${server%%/*}
  PGHOST_=${server%%:*}
  PGPORT_=${server##*:}
  [ "$PGPORT_" = "$server" ] && PGPORT_=5432
  return 0
}
pg_sql() { psql -X -q -A -t -v ON_ERROR_STOP=1 -h "$PGHOST_" -p "$PGPORT_" -U "$PGUSER_" "$@"; }
# "table<TAB>rows" for every table in the public schema, sorted, exact counts.
pg_row_counts() {
  local db=$1 table
  for table in $(pg_sql -d "$db" -c "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"); do
    printf '%s\t%s\n' "$table" "$(pg_sql -d "$db" -c "SELECT count(*) FROM \"$table\"")"
  done
}
