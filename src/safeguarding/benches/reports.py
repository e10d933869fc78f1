"""`safeguarding bench reports`: each of the five reports through Django's test client, as a PCC
analyst, on the demo force (default 100,000 children; --small: 300).

Per report: a warm-up request (reported as first_ms), then REQUESTS page requests over a mix of
filters (the last 12 months force-wide, each district, two case types, one district with one case
type); p95 of those in ms. The CSV and the PDF build the same report and add their own rendering:
EXPORT_REQUESTS of each over the same mix, p95 in ms. The load average at the start and the end is
recorded with the figures, since the machine may be shared.

Floor (issue 19): the bare selector queries. Each page's SQL statements are captured once per
filter mix and executed alone (same report settings, no view, no rendering, no Python assembly);
`<slug>_ratio` = page p95 / floor p95, and `ratio` is the worst report's.
"""

import datetime as dt
import os
import time
from urllib.parse import urlencode

from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from safeguarding.access.models import User
from safeguarding.access.roles import Role
from safeguarding.access.stepup import mark_stepped_up
from safeguarding.benches.floors import percentile, ratio
from safeguarding.benches.registry import benchmark
from safeguarding.benches.standards import p95
from safeguarding.cases.models import Case
from safeguarding.cases.vocabulary import CaseType
from safeguarding.demo.signin import bench_client
from safeguarding.force.models import District
from safeguarding.reports.filters import ReportFilterForm, published_filters
from safeguarding.reports.selectors import REPORTS
from safeguarding.reports.selectors.common import report_queries
from safeguarding.reports.views import aggregate_only, build_report
from safeguarding.standards.models import StandardResult

FULL_SIZE = 100_000
SMALL_SIZE = 300
REQUESTS = 14
EXPORT_REQUESTS = 7
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
    first_district = District.objects.order_by("name").values_list("pk", flat=True).first()
    if first_district is not None:
        queries.append({**period, "district": str(first_district), "case_type": CaseType.DOMESTIC_ABUSE})
    return queries


def _statements(slug: str, query: dict, user: User) -> list[str]:
    """The SQL a report page runs for this filter mix, as executed, captured from one build."""
    filters = ReportFilterForm.from_query(QueryDict(urlencode(query))).filters()
    published = getattr(REPORTS[slug], "SUPPRESSED", False) or aggregate_only(user)
    if published:
        filters, _ = published_filters(filters)
    with CaptureQueriesContext(connection) as captured:
        build_report(slug, filters, published=published)
    return [
        q["sql"]
        for q in captured.captured_queries
        if q["sql"].lstrip().upper().startswith(("SELECT", "WITH"))
    ]


def _floor_ms(statements: list[str]) -> float:
    started = time.perf_counter()
    with report_queries(), connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
            cursor.fetchall()
    return (time.perf_counter() - started) * 1000


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
    client = bench_client(_analyst(), step_up=True)  # it downloads the CSV and PDF exports
    queries = _queries(as_of)
    result: dict = {
        "children": size,
        "cases": Case.objects.count(),
        "as_of": as_of.isoformat(),
        "seed": seed,
        "database": connection.vendor,
        "load_average_start": [round(x, 2) for x in os.getloadavg()],
    }

    def get(url: str, query: dict) -> float:
        started = time.perf_counter()
        response = client.get(url, query)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")
        return (time.perf_counter() - started) * 1000

    analyst = _analyst()
    floors: dict[str, dict] = {}
    page_p95: dict[str, float] = {}
    for slug in REPORTS:
        page = reverse("reports:report", args=[slug])
        result[f"{slug}_first_ms"] = round(get(page, queries[0]), 1)
        samples = [get(page, queries[i % len(queries)]) for i in range(REQUESTS)]
        result[f"{slug}_p95_ms"] = round(p95(samples), 1)
        page_p95[slug] = p95(samples)
        session = client.session  # step up again: on a loaded machine a run outlasts it
        mark_stepped_up(session)
        session.save()
        for kind in ("csv", "pdf"):
            url = reverse(f"reports:report_{kind}", args=[slug])
            samples = [get(url, queries[i % len(queries)]) for i in range(EXPORT_REQUESTS)]
            result[f"{slug}_{kind}_p95_ms"] = round(p95(samples), 1)
    result["requests_per_report"] = REQUESTS
    result["export_requests_per_report"] = EXPORT_REQUESTS
    # The floors after every request, so the pages and exports run as before (the exports need
    # the step-up, which lapses after a few minutes).
    for slug in REPORTS:
        statements = [_statements(slug, query, analyst) for query in queries]
        floor = [_floor_ms(statements[i % len(queries)]) for i in range(REQUESTS)]
        floors[slug] = {"p95_ms": round(percentile(floor, 0.95), 1), "statements": len(statements[0])}
        result[f"{slug}_ratio"] = ratio(page_p95[slug], percentile(floor, 0.95))
    worst = max(REPORTS, key=lambda slug: result[f"{slug}_ratio"] or 0)
    result["floor"] = {
        "what": "the bare report queries (captured from the page, run alone), p95 per report",
        "reports": floors,
        "worst": worst,
    }
    result["ratio"] = result[f"{worst}_ratio"]
    result["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
    return result
