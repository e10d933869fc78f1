"""What makes a bench's figure carry from one machine to the next (issue 19).

Absolute seconds do not: the same commit measured 57.7 s on one 2-core machine and 108-132 s on
another. So every bench also times, in the same run, its *floor*: the cheapest work the database
must do for the same result (writing the same rows with COPY and building the same indexes; the
candidate statement alone; the bare report queries), and prints `ratio` = measured / floor.
Beside it, `cpu` (the model), `calibration` (a fixed Python loop and a fixed trivial SQL round
trip, so a reader can tell a slow machine from a slow change) and `load` (the load average when
the bench started: the machine may be shared).
"""

import io
import os
import statistics
import time
from pathlib import Path

from django.db import connection

CALIBRATION_LOOP = 1_000_000
CALIBRATION_ROUND_TRIPS = 200


def cpu_model() -> str:
    """The processor's model name, from /proc/cpuinfo (Linux); the platform's otherwise."""
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.lower().startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    import platform

    return platform.processor() or platform.machine() or "unknown"


def _cpu_loop_ms() -> float:
    """Best of three of a fixed pure-Python loop: the speed of one core as this process sees it."""
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        total = 0
        for i in range(CALIBRATION_LOOP):
            total += i * i
        best = min(best, (time.perf_counter() - started) * 1000)
    return round(best, 1)


def _sql_round_trip_ms() -> float:
    """Median of `SELECT 1` round trips on the bench's connection: driver, socket and server."""
    samples = []
    with connection.cursor() as cursor:
        for _ in range(CALIBRATION_ROUND_TRIPS):
            started = time.perf_counter()
            cursor.execute("SELECT 1")
            cursor.fetchone()
            samples.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(samples), 3)


def machine() -> dict:
    """The keys every bench prints beside its figures (the registry adds them)."""
    return {
        "cpu": cpu_model(),
        "cores": os.cpu_count(),
        "calibration": {
            "cpu_loop_ms": _cpu_loop_ms(),
            "sql_round_trip_ms": _sql_round_trip_ms(),
            "loop": f"sum of i*i for i below {CALIBRATION_LOOP:,}, best of 3",
            "round_trip": f"SELECT 1, median of {CALIBRATION_ROUND_TRIPS}",
        },
        "load": [round(value, 2) for value in os.getloadavg()],
        "database": connection.vendor,
    }


def ratio(measured: float | None, floor: float | None) -> float | None:
    if not measured or not floor:
        return None
    return round(measured / floor, 2)


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    if not ordered:
        return 0.0
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


# --- Writing the same rows: COPY into a copy of the table, then its indexes ------------------


def _floor_table(table: str) -> str:
    return f"bench_floor_{table}"[:63]


def _postgres_indexes(table: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = %s",
            [table],
        )
        return [row[0] for row in cursor.fetchall()]


def _sqlite_indexes(table: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s", [table])
        return [row[0] for row in cursor.fetchall() if row[0]]


def _copy_indexes(table: str, indexes: list[str]) -> list[str]:
    """The same index definitions, renamed onto the floor table."""
    floor = _floor_table(table)
    statements = []
    for number, definition in enumerate(indexes):
        head, _on, tail = definition.partition(" ON ")
        if not tail:
            continue
        unique = "UNIQUE " if "UNIQUE" in head.upper() else ""
        # `ON [ONLY] schema.table USING ...` / `ON "table" (...)`: keep what follows the table.
        rest = tail.split(None, 1)[1] if not tail.startswith("ONLY ") else tail.split(None, 2)[2]
        statements.append(f'CREATE {unique}INDEX "{floor}_{number}" ON "{floor}" {rest}')
    return statements


def copy_floor(tables: dict[str, str]) -> dict:
    """Time writing the rows of each table (`{table: WHERE clause or ""}`) into an empty copy of
    it with COPY (PostgreSQL; INSERT ... SELECT on SQLite), then building the same indexes. The
    rows are read out before the clock starts; the copies are dropped afterwards."""
    vendor = connection.vendor
    write_s = index_s = 0.0
    rows = 0
    for table, where in tables.items():
        floor = _floor_table(table)
        condition = f" WHERE {where}" if where else ""
        with connection.cursor() as cursor:
            cursor.execute(f'DROP TABLE IF EXISTS "{floor}"')
            if vendor == "postgresql":
                indexes = _copy_indexes(table, _postgres_indexes(table))
                cursor.execute(f'CREATE TABLE "{floor}" (LIKE "{table}" INCLUDING DEFAULTS)')
                buffer = io.BytesIO()
                raw = cursor.cursor
                with raw.copy(f'COPY (SELECT * FROM "{table}"{condition}) TO STDOUT') as out:
                    for chunk in out:
                        buffer.write(chunk)
                started = time.perf_counter()
                with raw.copy(f'COPY "{floor}" FROM STDIN') as into:
                    into.write(buffer.getvalue())
                write_s += time.perf_counter() - started
            else:
                indexes = _copy_indexes(table, _sqlite_indexes(table))
                cursor.execute(f'CREATE TABLE "{floor}" AS SELECT * FROM "{table}" WHERE 0')
                started = time.perf_counter()
                cursor.execute(f'INSERT INTO "{floor}" SELECT * FROM "{table}"{condition}')
                write_s += time.perf_counter() - started
            cursor.execute(f'SELECT count(*) FROM "{floor}"')
            rows += cursor.fetchone()[0]
            started = time.perf_counter()
            for statement in indexes:
                cursor.execute(statement)
            index_s += time.perf_counter() - started
            cursor.execute(f'DROP TABLE "{floor}"')
    return {
        "what": (
            "COPY of the same rows into an empty copy of each table, then the same indexes"
            if vendor == "postgresql"
            else "INSERT ... SELECT of the same rows into an empty copy of each table, then the same indexes"
        ),
        "tables": sorted(tables),
        "rows": rows,
        "write_s": round(write_s, 3),
        "index_s": round(index_s, 3),
        "s": round(write_s + index_s, 3),
    }
