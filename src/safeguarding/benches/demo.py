"""Benchmark: how fast the demo force is generated (children and rows per second).

Its floor (issue 19): the same rows written with COPY into empty copies of their tables and the
same indexes built, timed in the same run; `ratio` = seconds / floor."""

from django.db import connection, transaction

from safeguarding.benches.floors import copy_floor, ratio
from safeguarding.benches.registry import benchmark
from safeguarding.demo.generator import generate_demo_force


@benchmark("demo")
def bench_demo(*, children: int | None, rows: int | None, seed: int, small: bool) -> dict:
    """Generates into the configured database inside a transaction that is rolled back, so the
    data already there (perhaps a large force other benchmarks use) is left exactly as it was."""
    n = 300 if small else (children or 10_000)
    with transaction.atomic():
        result = generate_demo_force(children=n, seed=seed, replace=True)
        floor = copy_floor({table: "" for table, count in result.counts.items() if count})
        transaction.set_rollback(True)
    return {
        "benchmark": "demo",
        "database": connection.vendor,
        "children": n,
        "seed": seed,
        "seconds": result.seconds,
        "rows": result.rows,
        "rows_per_s": round(result.rows / result.seconds) if result.seconds else None,
        "floor": floor,
        "ratio": ratio(result.seconds, floor["s"]),
    }
