"""`safeguarding bench reports`: each of the five reports through Django's test client, as a PCC
analyst, on the demo force (default 100,000 children; --small: 300).

Per report: a warm-up request (reported as first_ms), then REQUESTS requests over a mix of filters
(the last 12 months force-wide, each district, two case types); p95 of those in ms.
"""

import datetime as dt
import time

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from safeguarding.access.models import User
from safeguarding.access.roles import Role
from safeguarding.cases.models import Case
from safeguarding.cases.vocabulary import CaseType
from safeguarding.demo.benchmarks import benchmark
from safeguarding.force.models import District
from safeguarding.reports.selectors import REPORTS
from safeguarding.standards.bench import p95
from safeguarding.standards.models import StandardResult

FULL_SIZE = 100_000
SMALL_SIZE = 300
REQUESTS = 14
BENCH_ANALYST = "bench-reports-pcc"


def _analyst() -> User:
    user, _ = User.objects.get_or_create(
        username=BENCH_ANALYST,
        defaults={"role": Role.PCC_ANALYST, "first_name": "Bench", "last_name": "Analyst"},
    )
    if user.role != Role.PCC_ANALYST:
        raise RuntimeError(f"{BENCH_ANALYST} exists with another role; not benchmarking as it")
    return user


def _queries(as_of: dt.date) -> list[dict]:
    to_month = as_of.replace(day=1)
    index = to_month.year * 12 + to_month.month - 1 - 11
    period = {"period_from": f"{index // 12}-{index % 12 + 1:02d}", "period_to": to_month.strftime("%Y-%m")}
    queries = [dict(period)]
    queries += [{**period, "district": str(pk)} for pk in District.objects.values_list("pk", flat=True)]
    queries += [{**period, "case_type": value} for value in (CaseType.DOMESTIC_ABUSE, CaseType.CUSTODY)]
    return queries


@benchmark("reports")
def bench_reports(*, children: int | None = None, seed: int = 1, small: bool = False, **_: object) -> dict:
    from safeguarding.demo.generator import ensure_demo_force

    size = children or (SMALL_SIZE if small else FULL_SIZE)
    build = ensure_demo_force(children=size, seed=seed)
    as_of = getattr(build, "as_of", None) or timezone.localdate()
    if isinstance(as_of, dt.datetime):
        as_of = as_of.date()
    if not StandardResult.objects.exists():
        from safeguarding.standards.services import standards_evaluate_force

        standards_evaluate_force(now=timezone.make_aware(dt.datetime.combine(as_of, dt.time(23, 0))))
    client = Client()
    client.force_login(_analyst())
    queries = _queries(as_of)
    result: dict = {"children": size, "cases": Case.objects.count(), "as_of": as_of.isoformat(), "seed": seed}
    for slug in REPORTS:
        url = reverse("reports:report", args=[slug])

        def get(query: dict, url: str = url) -> float:
            started = time.perf_counter()
            response = client.get(url, query)
            if response.status_code != 200:
                raise RuntimeError(f"{url} answered {response.status_code}")
            return (time.perf_counter() - started) * 1000

        result[f"{slug}_first_ms"] = round(get(queries[0]), 1)
        samples = [get(queries[i % len(queries)]) for i in range(REQUESTS)]
        result[f"{slug}_p95_ms"] = round(p95(samples), 1)
    result["requests_per_report"] = REQUESTS
    return result
