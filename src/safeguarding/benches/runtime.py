"""`safeguarding bench nightly-rejudge`: the scheduler's re-judging of passed due dates, as it
runs the night after the demo force's as-of date.

The force is judged at the as-of date's 23:00, then `rejudge_passed_due_dates` runs as at 02:00
the next morning (and again as at a week later, when far more due dates have passed), each inside
a transaction rolled back afterwards so the force is left as it was. The next night is run a
second time as the scheduler runs it in production: queued, then run by the worker's task (ADR
14), so the figure includes the queue's own cost. Full size: 1,000,000 children
(docs/benchmarks.md); CI runs --small.

Floor (issue 19): the re-judged cases' result rows written with COPY into an empty copy of the
results table, with its indexes built: the least a re-judging that rewrites them must write.
`ratio` is for the week-later run (the larger); each run carries its own.
"""

import datetime as dt
import time
from unittest import mock

from django.db import connection, transaction
from django.utils import timezone

from safeguarding.benches.floors import copy_floor, ratio
from safeguarding.benches.registry import benchmark
from safeguarding.demo.generator import ensure_demo_force
from safeguarding.runtime.jobs import rejudge_passed_due_dates
from safeguarding.runtime.models import BackgroundJob
from safeguarding.runtime.tasks import run_scheduled, scheduled_enqueue
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


def _queued_rejudge_as_at(now: dt.datetime) -> dict:
    """The same night through the job queue: queued as the scheduler does, then the task the
    worker runs (in this process, without the worker's polling interval)."""
    # The job reads the clock itself (as in production); here the clock says that night.
    with transaction.atomic(), mock.patch.object(timezone, "now", return_value=now):
        started = time.perf_counter()
        job = scheduled_enqueue("rejudge-due")
        if job is None:
            raise RuntimeError("A rejudge-due job is already waiting: run the worker or clear it first.")
        run_scheduled.call(job.pk)
        seconds = time.perf_counter() - started
        job = BackgroundJob.objects.get(pk=job.pk)
        transaction.set_rollback(True)
    return {"cases_rejudged": job.outcome.get("count"), "status": job.status, "seconds": round(seconds, 3)}


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
    queued_night = _queued_rejudge_as_at(next_night)
    week_later = _rejudge_as_at(next_night + dt.timedelta(days=7))
    return {
        "benchmark": "nightly-rejudge",
        "database": connection.vendor,
        "children": size,
        "seed": seed,
        "not_yet_due_results": StandardResult.objects.filter(state=State.NOT_YET_DUE).count(),
        "next_night": first_night,
        "next_night_queued": queued_night,
        "a_week_later": week_later,
        "floor": week_later["floor"],
        "ratio": week_later["ratio"],
    }
