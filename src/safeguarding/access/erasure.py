"""Erasing personal data from the access log without breaking its chain (ADR 0004, items 1-5).

Only an event's personal fields (chain.PERSONAL_FIELDS) are erased, all at once, with its salt;
who acted, when, the action and the object's type and id stay. Before the erasure a redaction
event (action ERASE, object "access_event" and the erased event's id) is written and chained
like any other, carrying the commitments of the erased fields, the legal ground and who
authorised it; verification (access/verify.py) takes the commitments from it, so the erased
event's digest, and every link after it, still hold.

The UPDATE guard is lifted for the erasing transaction only, which needs the table's owner:
under the two-role setup (docs/operations-database-roles.md) the application's role cannot, and
the erasure is left for `safeguarding retention-review --erase-log`, run as the owner.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction

from safeguarding.access import chain, guards
from safeguarding.access.models import AccessAction, AccessEvent, User

ERASED_OBJECT_TYPE = "access_event"
_BATCH = 1000


@dataclass(frozen=True)
class LogErasure:
    erased: int
    # False when the connection may not lift the guard (the application's role): nothing erased.
    done: bool = True


def _commitments(row: dict) -> dict[str, str]:
    return {name: chain.commitment(row["salt"], name, row[name]) for name in chain.PERSONAL_FIELDS}


def erased_commitments(*, using: str = DEFAULT_DB_ALIAS) -> dict[int, dict[str, str]]:
    """Erased event id -> the commitments its chained redaction event recorded (verification)."""
    found: dict[int, dict[str, str]] = {}
    redactions = AccessEvent.objects.using(using).filter(
        action=AccessAction.ERASE, object_type=ERASED_OBJECT_TYPE, seq__isnull=False
    )
    for object_id, detail in redactions.values_list("object_id", "detail").iterator():
        commitments = (detail or {}).get("commitments")
        if object_id.isdigit() and isinstance(commitments, dict):
            found[int(object_id)] = commitments
    return found


def events_erase(
    *,
    actor: User,
    event_ids: Iterable[int],
    ground: str,
    authorised_by: str,
    reference: str,
    using: str = DEFAULT_DB_ALIAS,
) -> LogErasure:
    """Erase the personal fields of these events (ADR 0004). Events already erased, and redaction
    events themselves (they hold no personal data, and verification needs their commitments), are
    left alone. All or nothing, in one transaction; `done` is False, with nothing changed, when this
    connection's role may not lift the guard."""
    connection = connections[using]
    wanted = sorted(set(event_ids))
    if not wanted:
        return LogErasure(erased=0)
    with transaction.atomic(using=using):
        # Sealed first: verification finds an erased event's commitments through the chain.
        chain.seal_all(using=using)
        rows = []
        columns = ("id", *chain.CONTENT_FIELDS)
        for start in range(0, len(wanted), _BATCH):
            rows += list(
                AccessEvent.objects.using(using)
                .filter(pk__in=wanted[start : start + _BATCH])
                .exclude(salt="")
                .exclude(action=AccessAction.ERASE)
                .values(*columns)
            )
        if not rows:
            return LogErasure(erased=0)
        redactions = [
            AccessEvent(
                actor_id=actor.pk,
                actor_username=actor.get_username(),
                actor_role=actor.role,
                action=AccessAction.ERASE,
                object_type=ERASED_OBJECT_TYPE,
                object_id=str(row["id"]),
                reason=ground,
                detail={
                    "commitments": _commitments(row),
                    "authorised_by": authorised_by,
                    "reference": reference,
                },
            )
            for row in rows
        ]
        AccessEvent.objects.using(using).bulk_create(redactions, batch_size=_BATCH)
        chain.seal_all(using=using)
        try:
            with transaction.atomic(using=using):
                guards.lift_update_guard(connection)
        except DatabaseError:
            # Not the owner: undo the redaction events too, so none names an event not erased.
            transaction.set_rollback(True, using=using)
            return LogErasure(erased=0, done=False)
        ids = [row["id"] for row in rows]
        # Each personal field empty (detail an empty JSON object), and the salt with them.
        blanks: list[str | int] = ["{}" if name == "detail" else "" for name in chain.PERSONAL_FIELDS]
        blanks.append("")
        sets = ", ".join(f"{name} = %s" for name in (*chain.PERSONAL_FIELDS, "salt"))
        with connection.cursor() as cursor:
            for start in range(0, len(ids), _BATCH):
                part = ids[start : start + _BATCH]
                marks = ", ".join(["%s"] * len(part))
                cursor.execute(f"UPDATE {chain.TABLE} SET {sets} WHERE id IN ({marks})", [*blanks, *part])
        guards.restore_update_guard(connection)
    return LogErasure(erased=len(rows))
