"""Evaluation entry points.

The write path does not call these: it announces the cases it changed through
`cases.hooks.cases_changed`, and `StandardsConfig.ready()` subscribes `cases_reevaluate` to it,
so the case's standards, worklists and case page are current in the same transaction (ADR 11).
`case_reevaluate` is the one-case run (the benchmark times it).

`standards_evaluate_force` is the full run behind `safeguarding evaluate` and the benchmark.
Neither touches personal data beyond what the results table holds (ids and states), so they
write no access-log event; the evaluation is not a consultation by a person.
"""

import datetime as dt
import time
from collections import Counter
from collections.abc import Callable, Collection, Iterable

from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.db.models.expressions import RawSQL
from django.utils import timezone

from safeguarding.access.models import AccessAction, User
from safeguarding.access.roles import Permission
from safeguarding.access.services import access_record
from safeguarding.cases.models import Case
from safeguarding.force.models import District
from safeguarding.standards import engine
from safeguarding.standards.models import WorklistAcknowledgement
from safeguarding.standards.selectors import worklist_result_to_acknowledge


def case_reevaluate(*, case_id: int, now: dt.datetime | None = None) -> Counter:
    """Recompute every standard on one case (its old rows replaced). Returns counts by state."""
    return engine.evaluate_case(case_id, now or timezone.now())


# Up to this many cases are re-judged one by one (each one prepared statement, cheap to plan);
# more, as a bulk import brings, in one set-based pass per standard (`engine.evaluate_cases`).
ONE_BY_ONE = 20
_TOUCHED = "standards_touched_cases"


def cases_reevaluate(case_ids: Collection[int], *, now: dt.datetime | None = None) -> Counter:
    """Recompute every standard on the given cases, inside the caller's transaction: the
    subscriber of `cases.hooks.cases_changed`. Returns counts by state of the new results."""
    now = now or timezone.now()
    ids = sorted(set(case_ids))
    if len(ids) <= ONE_BY_ONE:
        counts: Counter = Counter()
        for case_id in ids:
            counts += engine.evaluate_case(case_id, now)
        return counts
    # The ids go into a temporary table rather than an IN list: an import touches hundreds of
    # thousands of cases, past SQLite's parameter limit and PostgreSQL's planner's comfort.
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {_TOUCHED}")
        cursor.execute(f"CREATE TEMP TABLE {_TOUCHED} (id bigint PRIMARY KEY)")
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {_TOUCHED} (id) FROM STDIN") as copy:
                for case_id in ids:
                    copy.write_row((case_id,))
            cursor.execute(f"ANALYZE {_TOUCHED}")
        else:
            cursor.executemany(f"INSERT INTO {_TOUCHED} (id) VALUES (%s)", [(i,) for i in ids])
    try:
        cases = Case.objects.filter(pk__in=RawSQL(f"SELECT id FROM {_TOUCHED}", []))  # noqa: S611 (no outside text)
        return engine.evaluate_cases(cases, now)
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {_TOUCHED}")


def evaluation_steps(*, district_ids: Iterable[int] | None = None) -> int:
    """How many times `standards_evaluate_force` calls `progress` (a progress bar's total): once
    per standard for the whole force on PostgreSQL, once per standard and district otherwise."""
    if district_ids is None and engine.force_in_one_pass():
        return len(engine.CATALOGUE)
    districts = len(list(district_ids)) if district_ids is not None else District.objects.count()
    return districts * len(engine.CATALOGUE)


def standards_evaluate_force(
    *,
    district_ids: Iterable[int] | None = None,
    now: dt.datetime | None = None,
    progress: Callable[[str, str], None] | None = None,
) -> dict:
    """Evaluate every standard over every case of the force (or of the given districts).

    Readers see either the previous or the new results, never a mixture: the whole force is
    swapped in at once (`engine.evaluate_force`), a district in one transaction each.
    `progress(label, standard_id)` is called after each standard is written. Returns a summary:
    districts, cases, results by state, seconds.
    """
    now = now or timezone.now()
    started = time.perf_counter()
    districts = District.objects.order_by("code")
    phases: dict = {}
    if district_ids is None:
        counts = engine.evaluate_force(now, progress=progress, timings=phases)
    else:
        districts = districts.filter(pk__in=list(district_ids))
        counts = engine.evaluate_districts(districts.values_list("pk", flat=True), now, progress=progress)
    codes = list(districts.values_list("code", flat=True))
    return {
        "districts": codes,
        "cases": Case.objects.filter(district__code__in=codes).count(),
        "results": sum(counts.values()),
        "by_state": dict(sorted(counts.items())),
        "standards": len(engine.CATALOGUE),
        "seconds": round(time.perf_counter() - started, 2),
        **({"phases": phases} if phases else {}),
        "evaluated_at": now.isoformat(),
    }


def worklist_item_acknowledge(
    *, actor: User, result_id: int, now: dt.datetime | None = None
) -> WorklistAcknowledgement:
    """The actor saw that the record behind a not-met result is on file, late or short, and that
    adding another would only duplicate it: the item leaves every worklist (until a different
    record is judged). Logged as a change to the case."""
    if not actor.can(Permission.EDIT_RECORDS):
        raise PermissionDenied("Your role does not allow this.")
    with transaction.atomic():
        result = worklist_result_to_acknowledge(actor, result_id)
        acknowledgement, created = WorklistAcknowledgement.objects.get_or_create(
            case_id=result.case_id,
            standard_id=result.standard_id,
            evidence_type=result.evidence_type,
            evidence_id=result.evidence_id,
            defaults={"acknowledged_by": actor, "acknowledged_at": now or timezone.now()},
        )
        if created:
            access_record(
                actor=actor,
                action=AccessAction.UPDATE,
                object_type="case",
                object_id=result.case_id,
                district_id=result.district_id,
                detail={"acknowledged": result.standard_id, "record": result.evidence_id},
            )
    return acknowledgement
