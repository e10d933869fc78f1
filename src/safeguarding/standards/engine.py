"""The evaluator: runs every standard's rule over many cases at once and stores the results.

Every path writes results the same way: each standard's querysets (see `Standard.queries`) are
compiled to SQL and wrapped in one `INSERT ... SELECT` (`_insert_sql`), so no result row passes
through Python, on PostgreSQL and SQLite alike. `IndicatorCount` is kept in step in the same
transaction. Three ways in:

* `evaluate_case`: one case (after every record written). Its old rows are deleted and the
  standards that apply to its type are inserted by ONE statement (a UNION ALL of their rules),
  prepared once per connection and case type on PostgreSQL; the indicator counts are adjusted
  by the difference, row locks taken in a fixed order so that two writers cannot deadlock.
* `evaluate_districts`: every case of some districts, replaced in one transaction per district.
* `evaluate_force`: every case. On PostgreSQL the run writes into a fresh table with no indexes,
  several standards at a time on separate connections, builds the indexes, and swaps the table
  in: readers see the old results until the swap, and cases re-evaluated while the run was
  going are re-evaluated again before it (see `_swap_in`); inside a caller's transaction (a
  test) the same steps run one after another on the caller's connection. On SQLite it is
  `evaluate_districts` over every district.

A standard with no row for a case (and child) does not apply to it; `results_with_not_applicable`
supplies the not-applicable entries for pages that list every standard.
"""

import datetime as dt
import logging
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Min, QuerySet
from django.utils import timezone

from safeguarding.cases.models import Case
from safeguarding.db import local_settings, prepared_cursor
from safeguarding.force.models import District
from safeguarding.standards import calendar
from safeguarding.standards.catalogue import CATALOGUE, ROW_FIELDS, Standard
from safeguarding.standards.models import IndicatorCount, StandardResult, State

logger = logging.getLogger(__name__)

Progress = Callable[[str, str], None]  # (label, standard id) after each standard is written

RESULTS = StandardResult._meta.db_table
COUNTS = IndicatorCount._meta.db_table
CASES = Case._meta.db_table
GROUP = ("standard_id", "district_id", "team_id", "case_type", "period", "state")

# For the set-based statements on PostgreSQL (their transaction only): facts are materialised
# and hashed in memory rather than spilled to disk; JIT compiling costs more than it saves here.
EVALUATION_SETTINGS = {"work_mem": "'256MB'", "jit": "off"}
FULL_RUN_WORKERS = 2  # one per core on the machine the targets are set for


def _standards(standard_ids: Iterable[str] | None = None) -> list[Standard]:
    return [CATALOGUE[i] for i in standard_ids] if standard_ids is not None else list(CATALOGUE.values())


# --------------------------------------------------------------------------------------------
# The statement every path runs


def _period_sql() -> str:
    """The local month of the case's first report, as a date (the indicators' period)."""
    if connection.vendor == "postgresql":
        return "(date_trunc('month', c.first_reported_at AT TIME ZONE %s))::date"
    # Django's own SQLite function, as the ORM's TruncMonth uses it: local month start as text.
    return "substr(django_datetime_trunc('month', c.first_reported_at, %s, 'UTC'), 1, 10)"


# Whether a result belongs on a worklist (StandardResult.actionable), decided once, here.
ACTIONABLE_SQL = (
    "(r.r_state IN ('not_met', 'not_yet_due')"
    " AND (c.closed_at IS NULL OR r.s_fixable_after_closure)"
    " AND NOT (r.s_done_when_recorded_late AND r.r_state = 'not_met' AND r.r_evidence_id <> ''))"
)

_INSERT_SQL = """
INSERT INTO {table} (case_id, child_id, standard_id, state, due_at, evidence_type, evidence_id,
                     evidence_note, district_id, team_id, case_type, period, owner_id, evaluated_at,
                     actionable)
SELECT r.r_case, r.r_child, r.s_id, r.r_state, r.r_due, r.r_evidence_type, r.r_evidence_id,
       substr(r.r_note, 1, 300), c.district_id, c.team_id, c.case_type, {period},
       COALESCE(r.r_owner, c.officer_in_charge_id), %s, {actionable}
FROM ({branches}) AS r JOIN {cases} c ON c.id = r.r_case
"""
_BRANCH_SQL = "SELECT %s AS s_id, {fixable} AS s_fixable_after_closure, {done_late} AS s_done_when_recorded_late, {fields} FROM ({rule_sql}) AS q"  # noqa: E501
_FIELDS = ", ".join(f"q.{name}" for name in ROW_FIELDS)


def _branch(standard: Standard, rule_sql: str) -> str:
    return _BRANCH_SQL.format(
        fixable="TRUE" if standard.fixable_after_closure else "FALSE",
        done_late="TRUE" if standard.done_when_recorded_late else "FALSE",
        fields=_FIELDS,
        rule_sql=rule_sql,
    )


def _insert_sql(
    statements: list[tuple[Standard, str, tuple]], now: dt.datetime, *, table: str = RESULTS, returning: bool
) -> tuple[str, tuple]:
    """One INSERT ... SELECT of every (standard, rule SQL, params) given, as a UNION ALL."""
    branches = " UNION ALL ".join(_branch(standard, sql) for standard, sql, _ in statements)
    sql = _INSERT_SQL.format(
        table=table, period=_period_sql(), actionable=ACTIONABLE_SQL, branches=branches, cases=CASES
    )
    if returning:
        sql += " RETURNING " + ", ".join(GROUP)
    params: list = [settings.TIME_ZONE, connection.ops.adapt_datetimefield_value(now)]
    for standard, _, rule_params in statements:
        params += [standard.id, *rule_params]
    return sql, tuple(params)


def _rule_statements(
    standard: Standard, cases: QuerySet, now: dt.datetime
) -> list[tuple[Standard, str, tuple]]:
    return [(standard, *qs.query.sql_with_params()) for qs in standard.queries(cases, now)]


# --------------------------------------------------------------------------------------------
# Indicator counts


def apply_count_changes(*, removed: Iterable[tuple], added: Iterable[tuple]) -> None:
    """Adjust IndicatorCount by the groups of the results removed and added (tuples in GROUP order).

    One upsert with the groups sorted, so concurrent one-case runs lock count rows in the same
    order and cannot deadlock; groups whose count does not change are not touched.
    """
    delta: Counter = Counter()
    for group in added:
        delta[tuple(group)] += 1
    for group in removed:
        delta[tuple(group)] -= 1
    changes = sorted(
        ((group, n) for group, n in delta.items() if n),
        key=lambda item: tuple((value is None, str(value)) for value in item[0]),
    )
    if not changes:
        return
    columns = ", ".join(GROUP)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            rows = ", ".join(["(%s, %s, %s, %s, %s, %s, %s)"] * len(changes))
            cursor.execute(
                f"INSERT INTO {COUNTS} ({columns}, n) VALUES {rows} "
                f"ON CONFLICT ({columns}) DO UPDATE SET n = {COUNTS}.n + excluded.n",
                [value for group, n in changes for value in (*group, n)],
            )
            return
        # SQLite cannot enforce one row per group when the team is empty (NULLS NOT DISTINCT),
        # so it has no unique index to upsert on: update the group's row, or add it. (One writer
        # at a time on SQLite, so nothing can come between the two.)
        match = " AND ".join(f"{column} IS %s" for column in GROUP)
        for group, n in changes:
            cursor.execute(f"UPDATE {COUNTS} SET n = n + %s WHERE {match}", [n, *group])
            if cursor.rowcount == 0:
                cursor.execute(
                    f"INSERT INTO {COUNTS} ({columns}, n) VALUES ({', '.join(['%s'] * (len(GROUP) + 1))})",
                    [*group, n],
                )


def _recount(where_sql: str, params: Iterable) -> None:
    """Rebuild the counts of the results matching `where_sql` (whole groups: district-level)."""
    columns = ", ".join(GROUP)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {COUNTS} {where_sql}", list(params))
        cursor.execute(
            f"INSERT INTO {COUNTS} ({columns}, n) SELECT {columns}, COUNT(*) FROM {RESULTS} {where_sql} "
            f"GROUP BY {columns}",
            list(params),
        )


def counts_by_state(*, district_ids: Iterable[int] | None = None) -> Counter:
    sql = f"SELECT state, SUM(n) FROM {COUNTS}"
    params: list = []
    if district_ids is not None:
        ids = list(district_ids)
        sql += f" WHERE district_id IN ({', '.join(['%s'] * len(ids))})" if ids else " WHERE 1 = 0"
        params = ids
    with connection.cursor() as cursor:
        cursor.execute(sql + " GROUP BY state", params)
        return Counter({state: int(n) for state, n in cursor.fetchall() if n})


# --------------------------------------------------------------------------------------------
# The working-day calendar the rules read

_calendar_covered: dict[tuple[str, int], tuple[dt.date, dt.date]] = {}
_calendar_lock = threading.Lock()


def _prepare_calendar(standards: list[Standard], first: dt.datetime | None, now: dt.datetime) -> None:
    """Working-day deadlines read WorkingDayOffset: make it cover the years from `first` to now.

    Remembered per database and process, so a one-case run costs no query once covered.
    """
    needed = set().union(*(s.working_days_used() for s in standards))
    if not needed or first is None:
        return
    start = dt.date(timezone.localtime(first).year - 1, 1, 1)
    end = dt.date(max(timezone.localtime(first).year, timezone.localtime(now).year) + 1, 12, 31)
    database = str(connection.settings_dict.get("NAME"))
    missing = set()
    with _calendar_lock:
        for n in needed:
            covered = _calendar_covered.get((database, n))
            if covered is None or start < covered[0] or end > covered[1]:
                missing.add(n)
    if not missing:
        return
    calendar.ensure_offsets(missing, start, end)
    if connection.in_atomic_block:
        return  # a caller's transaction may yet roll the rows back: check again next time
    with _calendar_lock:
        for n in missing:
            low, high = _calendar_covered.get((database, n), (start, end))
            _calendar_covered[(database, n)] = (min(low, start), max(high, end))


def _cases_span(cases: QuerySet) -> dt.datetime | None:
    return cases.aggregate(first=Min("first_reported_at"))["first"]


# --------------------------------------------------------------------------------------------
# One case

# Each standard's compiled SQL for "one case", with the slots where the case id and `now` go.
# Building the ORM querysets costs more than running them for one case, and a rule's SQL
# depends only on its thresholds. Compiling twice with different sentinels finds which
# parameters are the case and `now`; a rule that derived another value from `now` in Python
# would show a third differing parameter and is then compiled afresh each time.
_SENTINELS = (
    (-7_000_001, dt.datetime(1901, 1, 1, 0, 0, 0, 123457, tzinfo=dt.UTC)),
    (-7_000_002, dt.datetime(1902, 2, 2, 0, 0, 0, 654321, tzinfo=dt.UTC)),
)
_compiled: dict[tuple, list | None] = {}


def _compile_template(standard: Standard) -> list | None:
    (case_a, now_a), (case_b, now_b) = _SENTINELS
    adapt = connection.ops.adapt_datetimefield_value  # SQLite binds datetimes as text
    first = _rule_statements(standard, Case.objects.filter(pk=case_a), now_a)
    second = _rule_statements(standard, Case.objects.filter(pk=case_b), now_b)
    slot_of = {(case_a, case_b): "case", (now_a, now_b): "now", (adapt(now_a), adapt(now_b)): "now_adapted"}
    template = []
    for (_, sql_a, params_a), (_, sql_b, params_b) in zip(first, second, strict=True):
        if sql_a != sql_b or len(params_a) != len(params_b):
            return None
        slots: list[tuple[Any, str | None]] = []
        for a, b in zip(params_a, params_b, strict=True):
            if a == b:
                slots.append((a, None))
            elif (a, b) in slot_of:
                slots.append((None, slot_of[(a, b)]))
            else:
                return None
        template.append((sql_a, slots))
    return template


def _one_case_statements(
    standard: Standard, case_id: int, now: dt.datetime
) -> list[tuple[Standard, str, tuple]]:
    key = (connection.vendor, standard.id, tuple(sorted(standard.threshold_values().items())))
    if key not in _compiled:
        _compiled[key] = _compile_template(standard)
    template = _compiled[key]
    if template is None:
        return _rule_statements(standard, Case.objects.filter(pk=case_id), now)
    values = {"case": case_id, "now": now, "now_adapted": connection.ops.adapt_datetimefield_value(now)}
    return [
        (standard, sql, tuple(values[slot] if slot else value for value, slot in params))
        for sql, params in template
    ]


def evaluate_case(case_id: int, now: dt.datetime) -> Counter:
    """Replace one case's results and adjust the counts: the incremental run."""
    with transaction.atomic():
        removed, added = _replace_case(case_id, now)
        apply_count_changes(removed=removed, added=added)
    return Counter(group[-1] for group in added)


def _replace_case(case_id: int, now: dt.datetime, *, results: str = RESULTS) -> tuple[list, list]:
    """Delete the case's rows and insert its new ones: (groups removed, groups added)."""
    case = Case.objects.filter(pk=case_id).values("case_type", "first_reported_at").first()
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {results} WHERE case_id = %s RETURNING {', '.join(GROUP)}", [case_id])
        removed = cursor.fetchall()
        if case is None:
            return removed, []
        standards = [s for s in CATALOGUE.values() if case["case_type"] in s.case_types]
        _prepare_calendar(standards, case["first_reported_at"], now)
        statements = [row for s in standards for row in _one_case_statements(s, case_id, now)]
        if not statements:
            return removed, []
        sql, params = _insert_sql(statements, now, table=results, returning=True)
        return removed, _run_prepared(cursor, sql, params)


def _run_prepared(cursor, sql: str, params: tuple) -> list[tuple]:
    """Run and fetch; on PostgreSQL as a server-side prepared statement with a generic plan, so
    a case type's statement is planned once per connection (planning it costs more than
    running it for one case)."""
    if connection.vendor != "postgresql":
        cursor.execute(sql, params)
        return cursor.fetchall()
    cursor.execute("SET LOCAL plan_cache_mode = force_generic_plan")
    with prepared_cursor() as raw:
        raw.execute(sql, params, prepare=True)
        return raw.fetchall()


# --------------------------------------------------------------------------------------------
# Many cases


def evaluate_cases(
    cases: QuerySet,
    now: dt.datetime,
    *,
    standard_ids: Iterable[str] | None = None,
    progress: Progress | None = None,
    label: str = "",
) -> Counter:
    """Replace the results of `cases` (for the given standards, or all) and adjust the counts."""
    standards = _standards(standard_ids)
    # Skip standards that apply to none of the cases' types rather than run a statement that
    # can only come back empty.
    case_types = set(cases.order_by().values_list("case_type", flat=True).distinct())
    requested = [s.id for s in standards]
    standards = [s for s in standards if s.case_types & case_types]
    added: list[tuple] = []
    with local_settings(**EVALUATION_SETTINGS), connection.cursor() as cursor:
        _prepare_calendar(standards, _cases_span(cases), now)
        case_sql, case_params = cases.order_by().values("pk").query.sql_with_params()
        only = (
            f" AND standard_id IN ({', '.join(['%s'] * len(requested))})" if standard_ids is not None else ""
        )
        cursor.execute(
            f"DELETE FROM {RESULTS} WHERE case_id IN ({case_sql}){only} RETURNING {', '.join(GROUP)}",
            [*case_params, *(requested if standard_ids is not None else [])],
        )
        removed = cursor.fetchall()
        for standard in standards:
            sql, params = _insert_sql(_rule_statements(standard, cases, now), now, returning=True)
            cursor.execute(sql, params)
            added += cursor.fetchall()
            if progress:
                progress(label, standard.id)
        apply_count_changes(removed=removed, added=added)
    return Counter(group[-1] for group in added)


def evaluate_districts(
    district_ids: Iterable[int], now: dt.datetime, *, progress: Progress | None = None
) -> Counter:
    """Every standard over every case of each district, one transaction per district: readers see
    the district's previous results or its new ones, never half of each."""
    counts: Counter = Counter()
    for district in District.objects.filter(pk__in=list(district_ids)).order_by("code"):
        cases = Case.objects.filter(district=district)
        standards = _standards()
        with transaction.atomic(), local_settings(**EVALUATION_SETTINGS), connection.cursor() as cursor:
            _prepare_calendar(standards, _cases_span(cases), now)
            # By the copied district column: catches cases moved out of the district too.
            cursor.execute(f"DELETE FROM {RESULTS} WHERE district_id = %s", [district.pk])
            for standard in standards:
                sql, params = _insert_sql(_rule_statements(standard, cases, now), now, returning=False)
                cursor.execute(sql, params)
                if progress:
                    progress(district.code, standard.id)
            _recount("WHERE district_id = %s", [district.pk])
        counts += counts_by_state(district_ids=[district.pk])
    return counts


# --------------------------------------------------------------------------------------------
# The whole force


def force_in_one_pass() -> bool:
    """Whether a whole-force run writes each standard once for the force (PostgreSQL's swapped
    table) rather than once per district."""
    return connection.vendor == "postgresql"


def evaluate_force(
    now: dt.datetime,
    *,
    progress: Progress | None = None,
    workers: int = FULL_RUN_WORKERS,
    timings: dict | None = None,
) -> Counter:
    """Every standard over every case; results and counts replaced as a whole. `timings`, if
    given, receives the seconds each phase of a PostgreSQL run took."""
    if not force_in_one_pass():
        return evaluate_districts(District.objects.values_list("pk", flat=True), now, progress=progress)
    run = _FullRun(now, progress=progress, workers=workers)
    counts = run.run()
    if timings is not None:
        timings.update(run.timings)
    return counts


NEXT = "_next"  # suffix of the tables (and their indexes) the full run builds before the swap


class _FullRun:
    """The PostgreSQL full run: fresh tables, filled in parallel, indexed, swapped in.

    Inside a caller's transaction (a test) the same steps run on the caller's connection, one
    after another, since other connections could not see the caller's uncommitted rows.
    """

    def __init__(self, now: dt.datetime, *, progress: Progress | None, workers: int):
        self.now = now
        self.progress = progress
        self.parallel = workers > 1 and not connection.in_atomic_block
        self.workers = workers if self.parallel else 1
        self.results_next = RESULTS + NEXT
        self.counts_next = COUNTS + NEXT
        self.timings: dict[str, float] = {}

    def run(self) -> Counter:
        started = time.perf_counter()
        # Results written by one-case runs after this point are re-done before the swap.
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {RESULTS}")
            self.last_id_before = cursor.fetchone()[0]
        self._create_tables()
        try:
            standards = _standards()
            _prepare_calendar(standards, _cases_span(Case.objects.all()), self.now)
            self._each(self._write_standard, self._heaviest_first(standards))
            self.timings["write_s"] = time.perf_counter() - started
            self._each(lambda step: step(), [*self._index_builds(), self._analyze])
            self.timings["index_s"] = time.perf_counter() - started - self.timings["write_s"]
            swap_started = time.perf_counter()
            counts = self._swap_in()
            self.timings["swap_s"] = time.perf_counter() - swap_started
        except BaseException:
            if not connection.in_atomic_block:
                self._drop_tables()
            raise
        self.timings["total_s"] = time.perf_counter() - started
        self.timings = {name: round(value, 2) for name, value in self.timings.items()}
        logger.info("full evaluation: %s", self.timings)
        return counts

    # -- steps

    def _create_tables(self) -> None:
        self._drop_tables()
        with connection.cursor() as cursor:
            cursor.execute(
                f"CREATE TABLE {self.results_next} (LIKE {RESULTS} INCLUDING DEFAULTS INCLUDING IDENTITY "
                "INCLUDING CONSTRAINTS)"
            )
            cursor.execute(
                f"CREATE TABLE {self.counts_next} AS SELECT {', '.join(GROUP)}, n FROM {COUNTS} WITH NO DATA"
            )

    def _drop_tables(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {self.results_next}, {self.counts_next}")

    @staticmethod
    def _heaviest_first(standards: list[Standard]) -> list[Standard]:
        # Longest first keeps both workers busy to the end; per-child standards over many
        # case types write the most rows.
        return sorted(standards, key=lambda s: (-len(s.case_types) * (2 if s.per_child else 1), s.id))

    def _each(self, work: Callable, items: list) -> None:
        if not self.parallel:
            for item in items:
                work(item)
            return

        def in_own_connection(item):
            try:
                with transaction.atomic():
                    work(item)
            finally:
                connection.close()

        with ThreadPoolExecutor(max_workers=self.workers) as pool:
            for future in [pool.submit(in_own_connection, item) for item in items]:
                future.result()

    def _write_standard(self, standard: Standard) -> None:
        with local_settings(**EVALUATION_SETTINGS), connection.cursor() as cursor:
            statements = _rule_statements(standard, Case.objects.all(), self.now)
            sql, params = _insert_sql(statements, self.now, table=self.results_next, returning=True)
            # The standard's counts from the rows as they are written: no second pass over them.
            columns = ", ".join(GROUP)
            cursor.execute(
                f"WITH inserted AS ({sql}) INSERT INTO {self.counts_next} ({columns}, n) "
                f"SELECT {columns}, COUNT(*) FROM inserted GROUP BY {columns}",
                params,
            )
        if self.progress:
            self.progress("force", standard.id)

    def _live_indexes(self) -> list[tuple[str, str, str]]:
        """(index name, definition, constraint kind 'p'/'u' or '') of each index the migrations
        gave the live table, the constraints' own included, largest first."""
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT i.relname, pg_get_indexdef(i.oid), COALESCE(c.contype, '') FROM pg_index x "
                "JOIN pg_class i ON i.oid = x.indexrelid "
                "LEFT JOIN pg_constraint c ON c.conindid = i.oid AND c.contype IN ('p', 'u') "
                "WHERE x.indrelid = %s::regclass ORDER BY pg_relation_size(i.oid) DESC",
                [RESULTS],
            )
            return cursor.fetchall()

    def _index_builds(self) -> list[Callable[[], None]]:
        """One step per index, so two build at once, each a plain CREATE INDEX: adding a
        constraint would lock the table against the other builds. The constraints take their
        indexes at the swap."""

        def build(name: str, definition: str) -> Callable[[], None]:
            sql = definition.replace(f"INDEX {name} ON", f"INDEX {name}{NEXT} ON", 1).replace(
                f"public.{RESULTS} ", f"public.{self.results_next} ", 1
            )

            def step() -> None:
                # Two builds at once already fill both cores: no parallel workers of their own.
                settings = {"maintenance_work_mem": "'1GB'", "max_parallel_maintenance_workers": "0"}
                with local_settings(**settings), connection.cursor() as cursor:
                    cursor.execute(sql)

            return step

        return [build(name, definition) for name, definition, _ in self._live_indexes()]

    def _analyze(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {self.results_next}")

    def _swap_in(self) -> Counter:
        """Swap the new results in, in one short transaction.

        Writers (one-case runs) wait on the lock; readers go on reading the old results until the
        rename. Cases re-evaluated after the run began have rows newer than `last_id_before` in
        the old table: the run may have read their records before the change, so they are
        evaluated again into the new table first.
        """
        indexes = self._live_indexes()
        columns = ", ".join(GROUP)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {RESULTS} IN EXCLUSIVE MODE")
            cursor.execute(
                f"SELECT DISTINCT case_id FROM {RESULTS} WHERE id > %s ORDER BY case_id",
                [self.last_id_before],
            )
            changed = [row[0] for row in cursor.fetchall()]
            cursor.execute(f"DELETE FROM {COUNTS}")
            cursor.execute(f"INSERT INTO {COUNTS} ({columns}, n) SELECT {columns}, n FROM {self.counts_next}")
            for case_id in changed:
                removed, added = _replace_case(case_id, self.now, results=self.results_next)
                apply_count_changes(removed=removed, added=added)
            cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [self.results_next])
            sequence = cursor.fetchone()[0]
            # From here readers wait (for milliseconds) until the commit.
            cursor.execute(f"DROP TABLE {RESULTS}, {self.counts_next}")
            cursor.execute(f"ALTER TABLE {self.results_next} RENAME TO {RESULTS}")
            for name, _, kind in indexes:
                if kind:  # the constraint takes its index (and renames it to its own name)
                    constraint = "PRIMARY KEY" if kind == "p" else "UNIQUE"
                    cursor.execute(
                        f"ALTER TABLE {RESULTS} ADD CONSTRAINT {name} {constraint} USING INDEX {name}{NEXT}"
                    )
                else:
                    cursor.execute(f"ALTER INDEX {name}{NEXT} RENAME TO {name}")
            if sequence:
                cursor.execute(f"ALTER SEQUENCE {sequence} RENAME TO {RESULTS}_id_seq")
        self.timings["changed_during_run"] = len(changed)
        return counts_by_state()


# --------------------------------------------------------------------------------------------
# Pages


def results_with_not_applicable(case: Case, results: Iterable[StandardResult]) -> list[dict]:
    """Every standard for a case page: stored rows, and not applicable where there is none.

    Returns dicts with standard (Standard), result (StandardResult or None) and state.
    """
    by_standard: dict[str, list[StandardResult]] = {}
    for result in results:
        by_standard.setdefault(result.standard_id, []).append(result)
    rows = []
    for standard in CATALOGUE.values():
        found = by_standard.get(standard.id)
        if found:
            rows += [{"standard": standard, "result": r, "state": r.state} for r in found]
        else:
            rows.append({"standard": standard, "result": None, "state": State.NOT_APPLICABLE})
    return rows
