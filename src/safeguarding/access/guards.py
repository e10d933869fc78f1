"""The database's own guard on the access log: it refuses UPDATE (but for the sealer linking an
unsealed event into the chain), DELETE and, on PostgreSQL, TRUNCATE.

The triggers fire ALWAYS, so `SET session_replication_role = replica` does not switch them off.
They stop the application's role; they cannot stop the table's owner or a superuser (who can
disable or drop them), which is why the application must not run as either
(docs/operations-database-roles.md) and why the chain (access/chain.py) makes what they did
visible, and `verify-access-log` checks the guards are still here (`problems`).

Migration 0003 installs the guards with `install`; a later change to them, or a change to the
table on SQLite (where Django rebuilds a table to alter it, dropping its triggers), needs a
migration that calls `install` again.
"""

from django.db import connections

from safeguarding.access.chain import CHAIN_FIELDS, CONTENT_FIELDS, TABLE

MESSAGE = "access_accessevent is append-only"

PG_FUNCTION_BODY = f"""
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
PG_TRIGGERS = {
    # name: (when, level)
    "access_event_guard": ("BEFORE UPDATE OR DELETE", "ROW"),
    "access_event_no_truncate": ("BEFORE TRUNCATE", "STATEMENT"),
}


def _pg_install() -> list[str]:
    statements = [
        f"CREATE OR REPLACE FUNCTION access_event_guard() RETURNS trigger AS $guard${PG_FUNCTION_BODY}$guard$"
        " LANGUAGE plpgsql"
    ]
    for name, (when, level) in PG_TRIGGERS.items():
        statements += [
            f"DROP TRIGGER IF EXISTS {name} ON {TABLE}",
            f"CREATE TRIGGER {name} {when} ON {TABLE} FOR EACH {level} EXECUTE FUNCTION access_event_guard()",
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
            cursor.execute("DROP FUNCTION IF EXISTS access_event_guard()")
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
                if function != "access_event_guard" or source.strip() != PG_FUNCTION_BODY.strip():
                    found.append(f"guard trigger {name} no longer runs the guard function as installed")
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
