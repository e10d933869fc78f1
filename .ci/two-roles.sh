#!/usr/bin/env bash
# Issue 12: on a scratch PostgreSQL database, set up the two roles of
# docs/operations-database-roles.md (an owner that migrates, an application role that does not
# own the access log) and prove that the application's role can write, seal and read the log but
# cannot rewrite it, and that what an owner does to it shows in verify-access-log.
# Uses DATABASE_URL's server and user (a superuser; CI's server trusts local connections).
set -euo pipefail
cd "$(dirname "$0")/.."
: "${DATABASE_URL:?two-roles.sh needs DATABASE_URL (a superuser on the server to use)}"

rest=${DATABASE_URL#*://}
admin=${rest%%@*}
server=${rest#*@}
server=${server%%/*}
host=${server%%:*}
port=${server##*:}
[ "$port" = "$server" ] && port=5432

suffix=$$
db=sg_two_roles_$suffix owner=sg_owner_$suffix app=sg_app_$suffix
owner_url="postgres://$owner@$host:$port/$db"
app_url="postgres://$app@$host:$port/$db"
head_file=$(mktemp)
sql() { psql -X -q -v ON_ERROR_STOP=1 -h "$host" -p "$port" "$@"; }
cleanup() {
  sql -U "$admin" -d postgres -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true
  sql -U "$admin" -d postgres -c "DROP ROLE IF EXISTS $app" >/dev/null 2>&1 || true
  sql -U "$admin" -d postgres -c "DROP ROLE IF EXISTS $owner" >/dev/null 2>&1 || true
  rm -f "$head_file"
}
trap cleanup EXIT
as_app() { env DATABASE_URL="$app_url" ACCESS_LOG_HEAD_FILE="$head_file" .venv/bin/safeguarding "$@"; }
fail() { echo "two-roles: FAILED: $*" >&2; exit 1; }

echo "== two roles on scratch database $db: owner $owner migrates, the application connects as $app"
sql -U "$admin" -d postgres -c "CREATE ROLE $owner LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE"
sql -U "$admin" -d postgres -c "CREATE ROLE $app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE"
sql -U "$admin" -d postgres -c "CREATE DATABASE $db OWNER $owner"
sql -U "$admin" -d "$db" -c "REVOKE ALL ON DATABASE $db FROM PUBLIC; GRANT CONNECT ON DATABASE $db TO $app"

env DATABASE_URL="$owner_url" .venv/bin/safeguarding migrate --no-input -v0
sql -U "$owner" -d "$db" -v app_role="$app" -f ops/postgres-roles.sql

# The application's role: can write, seal and read; cannot UPDATE, DELETE, TRUNCATE, ALTER,
# DISABLE or DROP the triggers, or SET session_replication_role (each probe is rolled back).
as_app check-db-roles

# Events written as the application are chained; the head is exported and the chain verifies.
as_app shell -c "
from safeguarding.access.models import AccessAction, User
from safeguarding.access.services import access_record
actor = User(username='two-roles', role='admin')
for number in range(5):
    access_record(actor=actor, action=AccessAction.VIEW, object_type='two-roles', object_id=number, reason='ci')
"
as_app seal-access-log
as_app verify-access-log

# The owner is refused nothing check-db-roles probes: which is why the application must not be it.
if env DATABASE_URL="$owner_url" .venv/bin/safeguarding check-db-roles >/dev/null 2>&1; then
  fail "check-db-roles passed for the owner role"
fi

# What the owner (or a superuser) can still do shows: an event deleted with the guard disabled,
# then the log truncated, each fail verification.
sql -U "$owner" -d "$db" -c "BEGIN; ALTER TABLE access_accessevent DISABLE TRIGGER access_event_guard;
  DELETE FROM access_accessevent WHERE seq = 2;
  ALTER TABLE access_accessevent ENABLE ALWAYS TRIGGER access_event_guard; COMMIT;"
if as_app verify-access-log >/dev/null 2>&1; then fail "verify-access-log missed a deleted event"; fi
sql -U "$owner" -d "$db" -c "BEGIN; ALTER TABLE access_accessevent DISABLE TRIGGER access_event_no_truncate;
  TRUNCATE access_accessevent;
  ALTER TABLE access_accessevent ENABLE ALWAYS TRIGGER access_event_no_truncate; COMMIT;"
if as_app verify-access-log >/dev/null 2>&1; then fail "verify-access-log missed a truncation"; fi
report=$(as_app verify-access-log 2>&1 || true)
grep -q "first broken link: seq 5: recorded as the head" <<<"$report" || fail "verify-access-log did not name the truncation"

echo "two-roles: the application's role cannot rewrite the access log; what the owner did shows"
