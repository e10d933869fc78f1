"""Prometheus metrics: requests, latency, import and evaluation durations, worklist sizes.

One registry of our own (not the client's global one), so tests and the process collectors
stay apart. Each server process counts its own requests; scrape every process, or run one.
Metrics carry route names, statuses and counts only: never a record id or a name.
"""

import time
from collections.abc import Iterator
from contextlib import contextmanager

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest

REGISTRY = CollectorRegistry(auto_describe=True)

REQUESTS = Counter(
    "safeguarding_requests", "HTTP requests answered", ["method", "route", "status"], registry=REGISTRY
)
REQUEST_SECONDS = Histogram(
    "safeguarding_request_seconds", "Time to answer a request", ["route"], registry=REGISTRY
)
JOB_SECONDS = Histogram(
    "safeguarding_job_seconds",
    "Duration of imports, evaluation runs and scheduled jobs",
    ["job"],
    buckets=(0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600, 4 * 3600),
    registry=REGISTRY,
)
JOB_FAILURES = Counter("safeguarding_job_failures", "Jobs that raised", ["job"], registry=REGISTRY)
WORKLIST_SIZE = Gauge(
    "safeguarding_worklist_items",
    "Standards due or overdue across the force, at the last scrape",
    ["state"],
    registry=REGISTRY,
)


def observe_request(method: str, route: str, status: int, seconds: float) -> None:
    REQUESTS.labels(method=method, route=route, status=str(status)).inc()
    REQUEST_SECONDS.labels(route=route).observe(seconds)


@contextmanager
def timed_job(job: str) -> Iterator[None]:
    started = time.perf_counter()
    try:
        yield
    except BaseException:
        JOB_FAILURES.labels(job=job).inc()
        raise
    finally:
        JOB_SECONDS.labels(job=job).observe(time.perf_counter() - started)


def render() -> bytes:
    return generate_latest(REGISTRY)


def refresh_worklist_sizes() -> None:
    """Actionable standards by state (not met / not yet due), read from the worklists' partial
    index. Imported here: metrics is loaded by the middleware before the apps are ready."""
    from django.db.models import Count

    from safeguarding.standards.models import StandardResult

    counts = dict(
        StandardResult.objects.filter(actionable=True)
        .values_list("state")
        .annotate(n=Count("id"))
        .values_list("state", "n")
    )
    for state in ("not_met", "not_yet_due"):
        WORKLIST_SIZE.labels(state=state).set(counts.get(state, 0))
