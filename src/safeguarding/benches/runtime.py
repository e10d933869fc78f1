"""`safeguarding bench nightly-rejudge`: the scheduler's re-judging of passed due dates, as it
runs the night after the demo force's as-of date.

The force is judged at the as-of date's 23:00, then `rejudge_passed_due_dates` runs as at 02:00
the next morning (and again as at a week later, when far more due dates have passed), each inside
a transaction rolled back afterwards so the force is left as it was. Full size: 1,000,000
children (docs/benchmarks.md); CI runs --small.

Floor (issue 19): the re-judged cases' result rows written with COPY into an empty copy of the
results table, with its indexes built: the least a re-judging that rewrites them must write.
`ratio` is for the week-later run (the larger); each run carries its own.
"""

import datetime as dt
import time

from django.db import connection, transaction
from django.utils import timezone

from safeguarding.benches.floors import copy_floor, ratio
from safeguarding.benches.registry import benchmark
from safeguarding.demo.generator import ensure_demo_force
from safeguarding.runtime.jobs import rejudge_passed_due_dates
from safeguarding.standards.models import StandardResult, State
from safeguarding.standards.services import standards_evaluate_force

FULL_SIZE = 1_000_000
SMALL_SIZE = 300


def _rejudge_as_at(now: dt.datetime) -> dict:
    due = sorted(
        set(
            StandardResult.objects.filter(state=State.NOT_YET_DUE, due_at__lte=now).values_list(
                "case_id", flat=True
            )
        )
    )
    with transaction.atomic():
        started = time.perf_counter()
        cases = rejudge_passed_due_dates(now)
        seconds = time.perf_counter() - started
        where = f"case_id IN ({', '.join(str(int(pk)) for pk in due)})" if due else "1 = 0"
        floor = copy_floor({StandardResult._meta.db_table: where})
        transaction.set_rollback(True)
    return {
        "cases_rejudged": cases,
        "seconds": round(seconds, 3),
        "floor": floor,
        "ratio": ratio(seconds, floor["s"]),
    }


@benchmark("nightly-rejudge")
def bench_nightly_rejudge(
    *, children: int | None = None, seed: int = 1, small: bool = False, **_: object
) -> dict:
    size = children or (SMALL_SIZE if small else FULL_SIZE)
    build = ensure_demo_force(children=size, seed=seed)
    as_of = getattr(build, "as_of", None) or timezone.localdate()
    judged_at = timezone.make_aware(dt.datetime.combine(as_of, dt.time(23, 0)))
    standards_evaluate_force(now=judged_at)
    next_night = judged_at + dt.timedelta(hours=3)
    first_night = _rejudge_as_at(next_night)
    week_later = _rejudge_as_at(next_night + dt.timedelta(days=7))
    return {
        "benchmark": "nightly-rejudge",
        "database": connection.vendor,
        "children": size,
        "seed": seed,
        "not_yet_due_results": StandardResult.objects.filter(state=State.NOT_YET_DUE).count(),
        "next_night": first_night,
        "a_week_later": week_later,
        "floor": week_later["floor"],
        "ratio": week_later["ratio"],
    }
