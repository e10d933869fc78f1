-- The application's privileges on its PostgreSQL database (docs/operations-database-roles.md).
--
-- Run as the OWNER role, the one that runs `safeguarding migrate`, after every migrate (it is
-- idempotent, and a migration may add tables):
--
--     psql "postgres://safeguarding_owner@db/safeguarding" -v app_role=safeguarding_app -f ops/postgres-roles.sql
--
-- The application's role may read and write the case data, and write and read the access log,
-- but of the log's columns it may update only the sealer's (seq, chain; the guard trigger lets
-- each be set once). It owns nothing, so it cannot ALTER, DISABLE TRIGGER or DROP anything; it is
-- no superuser, so it cannot SET session_replication_role; it has no DELETE or TRUNCATE on the
-- log. `safeguarding check-db-roles`, run as the application, proves each of these.
\set ON_ERROR_STOP on

GRANT USAGE ON SCHEMA public TO :"app_role";
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO :"app_role";
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO :"app_role";
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO :"app_role";
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO :"app_role";

-- The access log (revoking the table's privileges revokes its column privileges too).
REVOKE ALL ON access_accessevent FROM :"app_role";
GRANT SELECT, INSERT ON access_accessevent TO :"app_role";
GRANT UPDATE (seq, chain) ON access_accessevent TO :"app_role";
