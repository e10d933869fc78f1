"""`safeguarding bench standards`: full evaluation of every standard over the demo force, one-case
re-evaluation, and the indicators page end to end.

* full_eval_s: `standards_evaluate_force` over every case (set-based SQL per standard; on
  PostgreSQL a fresh table filled over two connections, indexed and swapped in:
  full_eval_phases gives the split). Its floor (issue 19): writing the same result and count rows
  with COPY into empty copies of their tables and building the same indexes, timed in the same
  run; `ratio` = full_eval_s / floor.
* incremental_p95_ms: `case_reevaluate` on ~200 cases drawn deterministically from the seed,
  after one case of each type (on PostgreSQL the first of a type plans the prepared statement,
  once per connection: incremental_first_per_case_type_max_ms).
* dashboard_p95_ms: the indicators page through Django's test client as a PCC analyst (session,
  middleware, permission, the grouped query, rendering), ~30 requests over a mix of filters;
  the first request is a warm-up and is reported on its own (dashboard_first_ms).
* worklist_p95_ms: the busiest supervisor's team worklist, same way (an extra, no target).
"""

import datetime as dt
import random
import statistics
import time
from collections.abc import Callable

from django.db import connection
from django.db.models import Count
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from safeguarding.access.models import User
from safeguarding.access.roles import Role
from safeguarding.benches.floors import copy_floor, ratio
from safeguarding.benches.registry import benchmark
from safeguarding.cases.models import Case
from safeguarding.cases.vocabulary import CaseType
from safeguarding.demo.signin import bench_client
from safeguarding.force.models import District
from safeguarding.standards.models import IndicatorCount, StandardResult
from safeguarding.standards.services import case_reevaluate, standards_evaluate_force

FULL_SIZE = 1_000_000
SMALL_SIZE = 300
INCREMENTAL_SAMPLE = 200
DASHBOARD_REQUESTS = 30
WORKLIST_REQUESTS = 10
BENCH_ANALYST = "bench-standards-pcc"


def p95(samples: list[float]) -> float:
    if not samples:
        return 0.0
    if len(samples) == 1:
        return samples[0]
    return statistics.quantiles(samples, n=20, method="inclusive")[18]


def _timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return (time.perf_counter() - started) * 1000


def _sample_case_ids(count: int, rng: random.Random) -> list[int]:
    ids = Case.objects.order_by("pk").values_list("pk", flat=True)
    low, high = ids.first(), ids.last()
    if low is None:
        return []
    chosen: list[int] = []
    for _ in range(count * 5):
        if len(chosen) >= count:
            break
        found = ids.filter(pk__gte=rng.randint(low, high)).first()
        if found is not None and found not in chosen:
            chosen.append(found)
    return chosen


def _analyst() -> User:
    user, _ = User.objects.get_or_create(
        username=BENCH_ANALYST,
        defaults={"role": Role.PCC_ANALYST, "first_name": "Bench", "last_name": "Analyst"},
    )
    if user.role != Role.PCC_ANALYST:
        raise RuntimeError(f"{BENCH_ANALYST} exists with another role; not benchmarking as it")
    return user


def _dashboard_queries(as_of: dt.date) -> list[dict]:
    """A chief officer's mix: the last 12 months force-wide, by district, by case type."""
    to_month = as_of.replace(day=1)
    index = to_month.year * 12 + to_month.month - 1 - 11
    period = {"period_from": f"{index // 12}-{index % 12 + 1:02d}", "period_to": to_month.strftime("%Y-%m")}
    queries = [dict(period)]
    queries += [{**period, "district": str(pk)} for pk in District.objects.values_list("pk", flat=True)]
    queries += [{**period, "case_type": value} for value in (CaseType.DOMESTIC_ABUSE, CaseType.CP_ENQUIRY)]
    return queries


def _time_pages(client: Client, url: str, queries: list[dict], requests: int) -> tuple[float, list[float]]:
    def get(query: dict) -> None:
        response = client.get(url, query)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")

    first = _timed(lambda: get(queries[0]))
    samples = []
    for i in range(requests):
        query = queries[i % len(queries)]
        samples.append(_timed(lambda query=query: get(query)))
    return first, samples


def _busiest_supervisor() -> User | None:
    busiest = (
        Case.objects.filter(supervisor__isnull=False, supervisor__role=Role.SUPERVISOR)
        .values("supervisor")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    return User.objects.get(pk=busiest["supervisor"]) if busiest else None


@benchmark("standards")
def bench_standards(*, children: int | None = None, seed: int = 1, small: bool = False, **_: object) -> dict:
    from safeguarding.demo.generator import ensure_demo_force

    size = children or (SMALL_SIZE if small else FULL_SIZE)
    build = ensure_demo_force(children=size, seed=seed)
    as_of = getattr(build, "as_of", None) or timezone.localdate()
    now = timezone.make_aware(dt.datetime.combine(as_of, dt.time(23, 0)))
    cases = Case.objects.count()

    started = time.perf_counter()
    summary = standards_evaluate_force(now=now)
    full_eval_s = time.perf_counter() - started
    results = StandardResult.objects.count()
    floor = copy_floor({StandardResult._meta.db_table: "", IndicatorCount._meta.db_table: ""})

    # The first re-evaluation of each case type on a connection plans its prepared statement
    # (once per connection, as a server process keeps it): timed apart, as dashboard_first_ms.
    warmup = (
        [
            _timed(lambda pk=pk: case_reevaluate(case_id=pk, now=now))
            for pk in Case.objects.order_by("case_type", "pk")
            .distinct("case_type")
            .values_list("pk", flat=True)
        ]
        if connection.vendor == "postgresql"
        else []
    )
    rng = random.Random(seed)
    incremental = [
        _timed(lambda pk=pk: case_reevaluate(case_id=pk, now=now))
        for pk in _sample_case_ids(INCREMENTAL_SAMPLE, rng)
    ]

    analyst = bench_client(_analyst())
    dashboard_first, dashboard = _time_pages(
        analyst, reverse("standards:indicators"), _dashboard_queries(as_of), DASHBOARD_REQUESTS
    )

    worklist: list[float] = []
    supervisor = _busiest_supervisor()
    if supervisor is not None:
        client = bench_client(supervisor)
        _, worklist = _time_pages(
            client, reverse("standards:worklist"), [{"scope": "team"}], WORKLIST_REQUESTS
        )

    return {
        "children": size,
        "cases": cases,
        "results": results,
        "full_eval_s": round(full_eval_s, 2),
        "floor": floor,
        "ratio": ratio(full_eval_s, floor["s"]),
        "full_eval_phases": summary.get("phases", {}),
        "cases_per_s": round(cases / full_eval_s) if full_eval_s else 0,
        "incremental_p95_ms": round(p95(incremental), 1),
        "incremental_cases": len(incremental),
        "incremental_first_per_case_type_max_ms": round(max(warmup), 1) if warmup else None,
        "dashboard_p95_ms": round(p95(dashboard), 1),
        "dashboard_first_ms": round(dashboard_first, 1),
        "dashboard_requests": len(dashboard),
        "worklist_p95_ms": round(p95(worklist), 1),
        "as_of": as_of.isoformat(),
        "seed": seed,
    }
