"""The database's own triggers on the access log.

The guard refuses UPDATE (but for the sealer linking an unsealed event into the chain, once),
DELETE and, on PostgreSQL, TRUNCATE. On PostgreSQL a second trigger seals each event as it is
inserted (`PG_SEAL_BODY`: the hot path costs no extra round trip and no second write of the row).

The triggers fire ALWAYS, so `SET session_replication_role = replica` does not switch them off.
They stop the application's role; they cannot stop the table's owner or a superuser (who can
disable or drop them), which is why the application must not run as either
(docs/operations-database-roles.md) and why the chain (access/chain.py) makes what they did
visible, and `verify-access-log` checks the triggers are still here (`problems`).

Migration 0003 installs them with `install`; a later change to them, or a change to the table on
SQLite (where Django rebuilds a table to alter it, dropping its triggers), needs a migration that
calls `install` again.
"""

from django.db import connections

from safeguarding.access.chain import (
    CHAIN_FIELDS,
    CONTENT_FIELDS,
    FORMAT,
    GENESIS,
    SEAL_BATCH,
    SEAL_LOCK,
    TABLE,
)

MESSAGE = "access_accessevent is append-only"

PG_GUARD_BODY = f"""
BEGIN
    -- The one change allowed: the sealer linking an unsealed event into the chain, once.
    IF TG_OP = 'UPDATE' THEN
        IF OLD.seq IS NULL AND OLD.chain IS NULL AND NEW.seq IS NOT NULL AND NEW.chain IS NOT NULL
           AND to_jsonb(NEW) - 'seq' - 'chain' = to_jsonb(OLD) - 'seq' - 'chain' THEN
            RETURN NEW;
        END IF;
    END IF;
    RAISE EXCEPTION '{MESSAGE} (% refused)', TG_OP;
END;
"""
# chain.seal_pending in PL/pgSQL, run by each INSERT: the same lock (tried, never waited for),
# the same link (chain.link), unsealed events first. Each statement of a volatile function sees
# what was committed before it (READ COMMITTED, Django's default), so the head read after the
# lock is the latest. If the lock is taken (or the transaction's snapshot is older than the lock
# could be) the event stays unsealed for the next batch.
PG_SEAL_BODY = f"""
DECLARE
    head_seq bigint;
    head_chain text;
    pending record;
BEGIN
    NEW.seq := NULL;
    NEW.chain := NULL;
    -- A snapshot older than the lock (REPEATABLE READ) could miss the latest head: leave it.
    IF current_setting('transaction_isolation') <> 'read committed'
       OR NOT pg_try_advisory_xact_lock({SEAL_LOCK}) THEN
        RETURN NEW;
    END IF;
    SELECT seq, chain INTO head_seq, head_chain FROM {TABLE} WHERE seq IS NOT NULL ORDER BY seq DESC LIMIT 1;
    IF NOT FOUND THEN
        head_seq := 0;
        head_chain := '{GENESIS}';
    END IF;
    FOR pending IN SELECT id, digest FROM {TABLE} WHERE seq IS NULL ORDER BY id LIMIT {SEAL_BATCH} LOOP
        head_seq := head_seq + 1;
        head_chain := encode(sha256(convert_to(format(
            '{FORMAT}|%s|%s|%s|%s', head_chain, head_seq, pending.id, pending.digest), 'UTF8')), 'hex');
        UPDATE {TABLE} SET seq = head_seq, chain = head_chain WHERE id = pending.id;
    END LOOP;
    NEW.seq := head_seq + 1;
    NEW.chain := encode(sha256(convert_to(format(
        '{FORMAT}|%s|%s|%s|%s', head_chain, NEW.seq, NEW.id, NEW.digest), 'UTF8')), 'hex');
    RETURN NEW;
END;
"""
PG_FUNCTIONS = {"access_event_guard": PG_GUARD_BODY, "access_event_seal": PG_SEAL_BODY}
PG_TRIGGERS = {
    # name: (when, level, function)
    "access_event_guard": ("BEFORE UPDATE OR DELETE", "ROW", "access_event_guard"),
    "access_event_no_truncate": ("BEFORE TRUNCATE", "STATEMENT", "access_event_guard"),
    "access_event_seal": ("BEFORE INSERT", "ROW", "access_event_seal"),
}


def _pg_install() -> list[str]:
    statements = [
        f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger AS $body${body}$body$ LANGUAGE plpgsql"
        for name, body in PG_FUNCTIONS.items()
    ]
    for name, (when, level, function) in PG_TRIGGERS.items():
        statements += [
            f"DROP TRIGGER IF EXISTS {name} ON {TABLE}",
            f"CREATE TRIGGER {name} {when} ON {TABLE} FOR EACH {level} EXECUTE FUNCTION {function}()",
            f"ALTER TABLE {TABLE} ENABLE ALWAYS TRIGGER {name}",
        ]
    return statements


def _sqlite_unchanged() -> str:
    others = [name for name in CONTENT_FIELDS + CHAIN_FIELDS if name not in ("seq", "chain")]
    return " AND ".join(f"NEW.{name} IS OLD.{name}" for name in others)


SQLITE_TRIGGERS = {
    "access_event_no_update": (
        f"CREATE TRIGGER access_event_no_update BEFORE UPDATE ON {TABLE} WHEN NOT ("
        "OLD.seq IS NULL AND OLD.chain IS NULL AND NEW.seq IS NOT NULL AND NEW.chain IS NOT NULL"
        f" AND {_sqlite_unchanged()}) BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
    ),
    # SQLite has no TRUNCATE: its "DELETE FROM t" (the truncate optimisation) fires this too.
    "access_event_no_delete": (
        f"CREATE TRIGGER access_event_no_delete BEFORE DELETE ON {TABLE}"
        f" BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
    ),
}


def install(connection) -> None:
    """Put every guard in place (idempotent)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for statement in _pg_install():
                cursor.execute(statement)
        elif connection.vendor == "sqlite":
            for name, create in SQLITE_TRIGGERS.items():
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
                cursor.execute(create)


def lift(connection) -> None:
    """Take every guard away (migrations that rebuild the table; a test database's flush)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for name in PG_TRIGGERS:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {TABLE}")
            for name in PG_FUNCTIONS:
                cursor.execute(f"DROP FUNCTION IF EXISTS {name}()")
        elif connection.vendor == "sqlite":
            for name in SQLITE_TRIGGERS:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")


def lift_truncate_guard(connection) -> None:
    """The test suite's PostgreSQL database only: Django flushes it with TRUNCATE."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TRIGGER IF EXISTS access_event_no_truncate ON {TABLE}")


def problems(using: str = "default") -> list[str]:
    """What is missing or switched off among the guards, as sentences (empty when all is well)."""
    connection = connections[using]
    found: list[str] = []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT t.tgname, t.tgenabled, p.proname, p.prosrc FROM pg_trigger t"
                " JOIN pg_proc p ON p.oid = t.tgfoid"
                " WHERE t.tgrelid = %s::regclass AND NOT t.tgisinternal",
                [TABLE],
            )
            present = {
                name: (enabled, function, source) for name, enabled, function, source in cursor.fetchall()
            }
            for name in PG_TRIGGERS:
                if name not in present:
                    found.append(f"guard trigger {name} is missing (dropped?)")
                    continue
                enabled, function, source = present[name]
                if enabled != "A":
                    state = {
                        "D": "disabled",
                        "O": "not ALWAYS (replica sessions skip it)",
                        "R": "replica-only",
                    }
                    found.append(f"guard trigger {name} is {state.get(enabled, enabled)}")
                expected = PG_TRIGGERS[name][2]
                if function != expected or source.strip() != PG_FUNCTIONS[expected].strip():
                    found.append(f"guard trigger {name} no longer runs {expected}() as installed")
        elif connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [TABLE]
            )
            present = dict(cursor.fetchall())
            for name, create in SQLITE_TRIGGERS.items():
                if name not in present:
                    found.append(f"guard trigger {name} is missing (dropped?)")
                elif present[name] != create:
                    found.append(f"guard trigger {name} has been replaced")
    return found


def lift_update_guard(connection) -> None:
    """Erasure only (access/erasure.py, ADR 0004 item 5): take away the UPDATE guard for the
    erasing transaction; the other guards (DELETE, TRUNCATE) and the seal stay. The table's owner
    alone may do this; `restore_update_guard` puts it back in the same transaction."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"ALTER TABLE {TABLE} DISABLE TRIGGER access_event_guard")
        elif connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER IF EXISTS access_event_no_update")


def restore_update_guard(connection) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"ALTER TABLE {TABLE} ENABLE ALWAYS TRIGGER access_event_guard")
        elif connection.vendor == "sqlite":
            cursor.execute(SQLITE_TRIGGERS["access_event_no_update"])
