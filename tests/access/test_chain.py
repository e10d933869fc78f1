"""Issue 12, finding 3: the access log is tamper-evident (ADR 0004).

Each test is named after the way the log could be altered unnoticed and proves it is noticed (or
refused) now. Tampering is done as an owner or superuser would, with the guards lifted, then put
back, inside the test's own transaction.
"""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from safeguarding.access import chain, guards
from safeguarding.access.models import AccessAction, AccessEvent
from safeguarding.access.services import access_record
from safeguarding.access.verify import export_head, verify

pytestmark = pytest.mark.usefixtures("access_log_guarded")

postgres_only = pytest.mark.skipif("connection.vendor != 'postgresql'", reason="PostgreSQL only")


def _log(cast, count: int = 4) -> list[AccessEvent]:
    officer = cast["officer_north"]
    return [
        access_record(
            actor=officer,
            action=AccessAction.VIEW,
            object_type="person",
            object_id=number,
            object_label=f"Child {number}",
            reason="case work",
            detail={"n": number, "score": 0.5, "whole": 2.0, "names": ("Zoë", "Siân")},
        )
        for number in range(1, count + 1)
    ]


def _unsealed(count: int = 1) -> list[AccessEvent]:
    """Events not yet linked, as a bulk insert leaves them on SQLite, or an insert that found the
    sealer's lock taken on PostgreSQL (its seal trigger off for the insert)."""
    rows = [
        AccessEvent(actor_username="import", actor_role="admin", action="import", object_id=n)
        for n in range(count)
    ]
    if connection.vendor != "postgresql":
        return AccessEvent.objects.bulk_create(rows)
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE access_accessevent DISABLE TRIGGER access_event_seal")
        events = AccessEvent.objects.bulk_create(rows)
        cursor.execute("ALTER TABLE access_accessevent ENABLE ALWAYS TRIGGER access_event_seal")
    return events


def _sealed() -> list[AccessEvent]:
    return list(AccessEvent.objects.filter(seq__isnull=False).order_by("seq"))


def _tamper(*statements: tuple[str, list]) -> None:
    """What the table's owner or a superuser can do: lift the guards, change rows, restore them."""
    guards.lift(connection)
    with connection.cursor() as cursor:
        for sql, params in statements:
            cursor.execute(sql, params)
    guards.install(connection)


def _first_broken(**options) -> str:
    result = verify(**options)
    assert not result.ok
    assert result.first_broken is not None
    return result.first_broken


# --- the chain ------------------------------------------------------------------------------------


def test_access_log_events_are_chained_as_they_are_written(cast):
    events = _log(cast)

    sealed = _sealed()
    assert [event.pk for event in sealed] == [event.pk for event in events]
    assert [event.seq for event in sealed] == [1, 2, 3, 4]
    previous = chain.GENESIS
    for event in sealed:
        assert event.chain == chain.link(previous, event.seq, event.pk, event.digest)
        previous = event.chain
    result = verify()
    assert result.ok, result.problems
    assert (result.sealed, result.pending) == (4, 0)


def test_access_log_digest_survives_the_database_round_trip(cast):
    """What the database gives back digests to what was digested on insert: JSON numbers, nested
    lists, tuples, non-ASCII text, long labels, the time to the microsecond."""
    event = access_record(
        actor=cast["officer_north"],
        action=AccessAction.EXPORT,
        object_type="report",
        object_label="Ő" * 250,
        recipient="Local authority — MASH",
        detail={"a": [1, 2.5, 1e20, -0.0], "b": {"c": None, "d": True}, "e": ("x", 3), "f": 1.0},
    )

    stored = AccessEvent.objects.filter(pk=event.pk).values(*chain.CONTENT_FIELDS).get()
    assert chain.content_digest(stored) == event.digest
    assert verify().ok


def test_access_log_erasure_of_personal_fields_keeps_the_event_verifiable(cast):
    """ADR 0004: erasing an event's personal fields and its salt, with the commitments kept (by
    the redaction event), leaves its digest, and so the chain, verifiable; without the salt the
    commitments say nothing about the erased values."""
    event = _log(cast, 1)[0]
    row = AccessEvent.objects.filter(pk=event.pk).values(*chain.CONTENT_FIELDS, "digest").get()
    commitments = {name: chain.commitment(row["salt"], name, row[name]) for name in chain.PERSONAL_FIELDS}
    erased = {**row, "object_label": "", "reason": "", "query": "", "detail": {}, "recipient": "", "salt": ""}

    assert chain.content_digest(erased, erased=commitments) == row["digest"]
    assert chain.content_digest(erased) != row["digest"]
    assert chain.commitment("", "object_label", "Child 1") not in commitments.values()


def test_access_log_digest_covers_every_column_of_the_event():
    """A column added to the event must be added to the digest (a new FORMAT) or to the chain's own."""
    columns = {field.attname for field in AccessEvent._meta.concrete_fields}
    assert columns == set(chain.CONTENT_FIELDS) | set(chain.CHAIN_FIELDS)


def test_access_log_tamper_modified_event_is_named(cast):
    events = _log(cast)
    _tamper(("UPDATE access_accessevent SET reason = %s WHERE id = %s", ["nothing to see", events[1].pk]))

    broken = _first_broken()
    assert broken.startswith(f"seq 2 (event id {events[1].pk})")
    assert "modified" in broken


def test_access_log_tamper_modified_event_with_a_recomputed_digest_is_named(cast):
    events = _log(cast)
    forged = AccessEvent.objects.filter(pk=events[2].pk).values(*chain.CONTENT_FIELDS).get()
    forged["object_label"] = "Someone else"
    _tamper(
        (
            "UPDATE access_accessevent SET object_label = %s, digest = %s WHERE id = %s",
            ["Someone else", chain.content_digest(forged), events[2].pk],
        )
    )

    broken = _first_broken()
    assert broken.startswith(f"seq 3 (event id {events[2].pk})")
    assert "link does not follow" in broken


def test_access_log_tamper_deleted_event_is_named(cast):
    events = _log(cast)
    _tamper(("DELETE FROM access_accessevent WHERE id = %s", [events[1].pk]))

    broken = _first_broken()
    assert broken.startswith(f"seq 3 (event id {events[2].pk})")
    assert "jumps from 1 to 3" in broken


def test_access_log_tamper_deleted_first_event_is_named(cast):
    events = _log(cast)
    _tamper(("DELETE FROM access_accessevent WHERE id = %s", [events[0].pk]))

    assert "the first events were deleted" in _first_broken()


def test_access_log_tamper_reordered_events_are_named(cast):
    events = _log(cast)
    second, third = _sealed()[1:3]
    _tamper(
        (
            "UPDATE access_accessevent SET seq = NULL, chain = NULL WHERE id IN (%s, %s)",
            [second.pk, third.pk],
        ),
        ("UPDATE access_accessevent SET seq = %s, chain = %s WHERE id = %s", [2, second.chain, third.pk]),
        ("UPDATE access_accessevent SET seq = %s, chain = %s WHERE id = %s", [3, third.chain, second.pk]),
    )

    broken = _first_broken()
    assert broken.startswith(f"seq 2 (event id {events[2].pk})")
    assert "moved" in broken


def test_access_log_tamper_reordered_times_are_named(cast):
    """Swapping when two events happened (their content) breaks both digests."""
    events = _log(cast)
    first, second = (AccessEvent.objects.get(pk=event.pk) for event in events[:2])
    _tamper(
        ("UPDATE access_accessevent SET at = %s WHERE id = %s", [second.at, first.pk]),
        (
            "UPDATE access_accessevent SET at = %s WHERE id = %s",
            [first.at - dt.timedelta(seconds=1), second.pk],
        ),
    )

    assert _first_broken().startswith(f"seq 1 (event id {first.pk})")


# --- what only the recorded head shows -------------------------------------------------------------


@pytest.fixture
def head_file(tmp_path) -> Path:
    return tmp_path / "access-log-head.txt"


def test_access_log_tamper_truncation_is_detected_by_the_recorded_head(cast, head_file):
    _log(cast)
    export_head(chain.current_head(), head_file)
    statement = (
        "TRUNCATE access_accessevent"
        if connection.vendor == "postgresql"
        else "DELETE FROM access_accessevent"
    )
    _tamper((statement, []))

    assert verify().ok  # the empty log is a valid chain of nothing: the chain alone cannot tell
    broken = _first_broken(head_path=head_file)
    assert broken.startswith("seq 4: recorded as the head")
    assert "truncated" in broken


def test_access_log_tamper_deleted_tail_is_detected_by_the_recorded_head(cast, head_file):
    events = _log(cast)
    export_head(chain.current_head(), head_file)
    _tamper(("DELETE FROM access_accessevent WHERE id IN (%s, %s)", [events[2].pk, events[3].pk]))

    assert "the log now ends at seq 2" in _first_broken(head_path=head_file)


def test_access_log_tamper_rechained_history_is_detected_by_the_recorded_head(cast, head_file):
    """Whoever can rewrite the table can recompute every link after a change: the head recorded
    before it is what no longer matches."""
    events = _log(cast)
    export_head(chain.current_head(), head_file)
    content = AccessEvent.objects.filter(pk=events[1].pk).values(*chain.CONTENT_FIELDS).get()
    content["reason"] = "rewritten"
    rewrites = [("UPDATE access_accessevent SET reason = %s WHERE id = %s", ["rewritten", events[1].pk])]
    previous = _sealed()[0].chain
    for event in _sealed()[1:]:
        digest = chain.content_digest(content) if event.pk == events[1].pk else event.digest
        previous = chain.link(previous, event.seq, event.pk, digest)
        rewrites.append(
            (
                "UPDATE access_accessevent SET digest = %s, chain = %s WHERE id = %s",
                [digest, previous, event.pk],
            )
        )
    _tamper(*rewrites)

    assert verify().ok  # re-chained: every link holds
    broken = _first_broken(head_path=head_file)
    assert broken.startswith(f"seq 4 (event id {events[3].pk}): differs from the head recorded")


def test_access_log_head_file_that_went_missing_is_a_problem(cast, tmp_path):
    _log(cast, 1)
    assert "does not exist" in verify(head_path=tmp_path / "nowhere.txt").problems[0]


# --- the database's guard ----------------------------------------------------------------------


def test_access_log_tamper_update_and_delete_are_refused_but_sealing_is_allowed(cast):
    event = _log(cast, 1)[0]
    for sql in (
        "UPDATE access_accessevent SET reason = 'x' WHERE id = %s",
        "UPDATE access_accessevent SET seq = 7, chain = chain WHERE id = %s",
        "UPDATE access_accessevent SET seq = NULL, chain = NULL WHERE id = %s",
        "DELETE FROM access_accessevent WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [event.pk])
    _unsealed(1)
    assert chain.seal_pending(wait=True) == 1  # the one update allowed: linking an unsealed event


def test_access_log_tamper_unsealed_event_cannot_be_changed_while_sealed(cast):
    """The seal may set seq and chain only; it cannot carry a change to the content with it."""
    (event,) = _unsealed(1)
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(
            "UPDATE access_accessevent SET seq = 1, chain = %s, reason = 'x' WHERE id = %s",
            ["0" * 64, event.pk],
        )


@postgres_only
def test_access_log_tamper_truncate_is_refused():
    with (
        pytest.raises(DatabaseError, match="TRUNCATE refused"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("TRUNCATE access_accessevent")


@postgres_only
def test_access_log_tamper_replica_session_does_not_lift_the_guard(cast):
    event = _log(cast, 1)[0]
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute("DELETE FROM access_accessevent WHERE id = %s", [event.pk])


@postgres_only
def test_access_log_tamper_disabled_trigger_is_reported(cast):
    _log(cast, 1)
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE access_accessevent DISABLE TRIGGER access_event_guard")

    assert verify().problems == ["guard trigger access_event_guard is disabled"]


def test_access_log_tamper_dropped_trigger_is_reported(cast):
    _log(cast, 1)
    name = "access_event_guard" if connection.vendor == "postgresql" else "access_event_no_delete"
    with connection.cursor() as cursor:
        cursor.execute(
            f"DROP TRIGGER {name} ON access_accessevent"
            if connection.vendor == "postgresql"
            else f"DROP TRIGGER {name}"
        )

    assert verify().problems == [f"guard trigger {name} is missing (dropped?)"]


def test_access_log_tamper_replaced_trigger_is_reported(cast):
    _log(cast, 1)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE OR REPLACE FUNCTION access_event_guard() RETURNS trigger"
                " AS $$ BEGIN RETURN NEW; END; $$ LANGUAGE plpgsql"
            )
        else:
            cursor.execute("DROP TRIGGER access_event_no_update")
            cursor.execute(
                "CREATE TRIGGER access_event_no_update BEFORE UPDATE ON access_accessevent"
                " BEGIN SELECT 1; END"
            )

    assert all("no longer runs" in problem or "replaced" in problem for problem in verify().problems)
    assert verify().problems


@postgres_only
def test_access_log_tamper_app_role_that_can_alter_the_log_is_reported():
    """The test suite connects as a superuser: exactly what the application must not do."""
    from safeguarding.access.dbroles import check

    failed = {finding.what.split(" ", 2)[2] for finding in check() if not finding.ok}

    assert "is not a superuser" in failed
    assert "cannot ALTER TABLE ... DISABLE TRIGGER" in failed
    assert "cannot SET session_replication_role = replica" in failed
    assert "cannot UPDATE an event's content" not in failed  # the trigger still refuses it
    assert AccessEvent.objects.filter(object_type="check-db-roles").count() == 0  # the probe left nothing


# --- every writer, batches, the commands -----------------------------------------------------------


def test_access_log_every_writer_goes_through_a_chained_path():
    """Only the access app writes events; anything else that inserts rows would have to digest
    them itself (or they would show as modified). Raw SQL and ORM writers alike."""
    root = Path(__file__).resolve().parents[2] / "src" / "safeguarding"
    writer = re.compile(
        r"AccessEvent\.objects\.(create|bulk_create|get_or_create)|AccessEvent\(|INTO\s+access_accessevent",
        re.I,
    )
    offenders = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if "migrations" not in path.parts and path.parent.name != "access" and writer.search(path.read_text())
    ]
    assert offenders == []


def test_access_log_events_left_unsealed_join_the_next_batch(cast):
    """An event whose sealer found the lock taken (or a bulk insert) is linked by the next seal,
    in id order."""
    pending = _unsealed(3)
    assert all(event.digest for event in pending)
    assert verify().pending == 3
    latest = _log(cast, 1)[0]

    assert [event.pk for event in _sealed()] == [*(event.pk for event in pending), latest.pk]
    assert verify().ok


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_access_log_insert_never_waits_for_a_busy_sealer(cast):
    """While another session holds the sealer's lock an event is written unsealed at once (not
    after a wait); the first insert after the lock is free links it."""
    import psycopg

    settings = connection.settings_dict
    other = psycopg.connect(
        dbname=settings["NAME"],
        user=settings["USER"],
        host=settings["HOST"],
        port=settings["PORT"] or 5432,
        autocommit=True,
    )
    try:
        other.execute("SELECT pg_advisory_lock(%s)", [chain.SEAL_LOCK])
        waiting = _log(cast, 2)
        assert AccessEvent.objects.filter(pk__in=[e.pk for e in waiting], seq__isnull=True).count() == 2
        other.execute("SELECT pg_advisory_unlock(%s)", [chain.SEAL_LOCK])
        latest = _log(cast, 1)[0]
        assert [event.pk for event in _sealed()] == [*(e.pk for e in waiting), latest.pk]
        assert verify().ok
    finally:
        other.close()
        guards.lift_truncate_guard(connection)  # the flush after a transactional test TRUNCATEs


def test_access_log_a_forged_insert_cannot_choose_its_place(cast):
    _log(cast, 1)
    event = AccessEvent(actor_username="x", actor_role="officer", action="view", seq=99, chain="f" * 64)
    event.save()
    chain.seal_pending(wait=True)

    assert AccessEvent.objects.get(pk=event.pk).seq == 2
    assert verify().ok


def test_seal_access_log_command_seals_and_appends_the_head(head_file, capsys):
    _unsealed(1)

    call_command("seal_access_log", "--head-file", str(head_file))
    call_command("seal_access_log", "--head-file", str(head_file))

    lines = head_file.read_text().splitlines()
    assert len(lines) == 2
    seq, value, _when = lines[0].split()
    assert (int(seq), value) == (1, AccessEvent.objects.get(seq=1).chain)
    assert "sealed 1 event(s)" in capsys.readouterr().out


def test_verify_access_log_command_names_the_first_broken_link_and_fails(cast, head_file, capsys, settings):
    events = _log(cast)
    settings.ACCESS_LOG_HEAD_FILE = str(head_file)
    call_command("seal_access_log")
    call_command("verify_access_log")
    assert "the chain holds" in capsys.readouterr().out

    _tamper(("DELETE FROM access_accessevent WHERE id = %s", [events[1].pk]))
    with pytest.raises(CommandError, match="does not verify"):
        call_command("verify_access_log")
    assert f"first broken link: seq 3 (event id {events[2].pk})" in capsys.readouterr().err


def test_check_db_roles_on_sqlite_says_there_are_no_roles(capsys):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    call_command("check_db_roles")
    assert "no roles" in capsys.readouterr().out
