"""`safeguarding check-db-roles`: proves, on PostgreSQL, that the role the application connects as
can write and read the access log but cannot rewrite it (docs/operations-database-roles.md).

The database's guard triggers stop every role but the table's owner and superusers, who may
disable or drop them, TRUNCATE, or switch them off with session_replication_role. So the
application must connect as a role that is neither; migrations run as a separate owner role.
Each probe runs in a savepoint of one transaction that is rolled back: nothing it does stays,
not even when a probe that should have been refused was not.
"""

from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction

from safeguarding.access.chain import TABLE, seal_pending


@dataclass(frozen=True)
class Finding:
    what: str
    ok: bool


# What the application's role must NOT be able to do to the access log.
REFUSED = (
    ("UPDATE an event's content", f"UPDATE {TABLE} SET reason = reason || '.' WHERE id = %(id)s"),
    ("re-seal a sealed event", f"UPDATE {TABLE} SET seq = seq, chain = chain WHERE id = %(id)s"),
    ("DELETE an event", f"DELETE FROM {TABLE} WHERE id = %(id)s"),
    ("TRUNCATE the log", f"TRUNCATE {TABLE}"),
    ("ALTER TABLE ... DISABLE TRIGGER", f"ALTER TABLE {TABLE} DISABLE TRIGGER access_event_guard"),
    ("DROP TRIGGER", f"DROP TRIGGER access_event_guard ON {TABLE}"),
    ("SET session_replication_role = replica", "SET LOCAL session_replication_role = replica"),
    ("ALTER TABLE ... (any change)", f"ALTER TABLE {TABLE} ADD COLUMN check_db_roles_probe integer"),
)


class _Rollback(Exception):
    pass


def _refused(cursor, using: str, statement: str, params: dict) -> bool:
    """Run one probe in a savepoint; roll it back even when it was allowed, so each probe meets
    the log (and its guards) as they were."""
    try:
        with transaction.atomic(using=using):
            cursor.execute(statement, params)
            raise _Rollback
    except DatabaseError:
        return True
    except _Rollback:
        return False


def check(using: str = DEFAULT_DB_ALIAS) -> list[Finding]:
    from safeguarding.access.models import AccessAction, AccessEvent, User
    from safeguarding.access.roles import Role
    from safeguarding.access.services import access_record

    connection = connections[using]
    if connection.vendor != "postgresql":
        return []
    findings: list[Finding] = []
    try:
        with transaction.atomic(using=using), connection.cursor() as cursor:
            cursor.execute(
                "SELECT current_user, r.rolsuper, t.tableowner,"
                " pg_has_role(current_user, t.tableowner, 'MEMBER') FROM pg_roles r, pg_tables t"
                " WHERE r.rolname = current_user AND t.tablename = %s AND t.schemaname = current_schema()",
                [TABLE],
            )
            user, superuser, owner, member = cursor.fetchone()
            findings.append(Finding(f"role {user} is not a superuser", not superuser))
            findings.append(
                Finding(
                    f"role {user} neither owns {TABLE} nor is a member of its owner ({owner})", not member
                )
            )

            probe = User(username="check-db-roles", role=Role.ADMIN)
            event = access_record(
                actor=probe, action=AccessAction.VIEW, object_type="check-db-roles", reason="probe"
            )
            seal_pending(wait=True, using=using)  # in case another sealer held the lock just then
            sealed = AccessEvent.objects.using(using).filter(pk=event.pk, seq__isnull=False).exists()
            findings.append(Finding(f"role {user} can write, seal and read an access event", sealed))
            for what, statement in REFUSED:
                findings.append(
                    Finding(
                        f"role {user} cannot {what}", _refused(cursor, using, statement, {"id": event.pk})
                    )
                )
            raise _Rollback
    except _Rollback:
        pass
    return findings
