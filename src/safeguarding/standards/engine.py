"""The evaluator: runs every standard's rule over many cases at once and stores the results.

Full run: per district, old rows are deleted and each standard's querysets are written in one
statement each (PostgreSQL: INSERT ... SELECT, so no row passes through Python; SQLite:
bulk_create in chunks). Incremental run: the same querysets over a queryset of one case.

A standard with no row for a case (and child) does not apply to it; `results_with_not_applicable`
supplies the not-applicable entries for pages that list every standard.
"""

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable

import psycopg
from django.conf import settings
from django.db import connection, transaction
from django.db.models import Max, Min, QuerySet
from django.utils import timezone

from safeguarding.cases.models import Case
from safeguarding.standards import calendar
from safeguarding.standards.catalogue import CATALOGUE, Standard
from safeguarding.standards.models import StandardResult, State

CHUNK = 5000
Progress = Callable[[str, str], None]  # (district code, standard id) after each step


def _standards(standard_ids: Iterable[str] | None = None) -> list[Standard]:
    return [CATALOGUE[i] for i in standard_ids] if standard_ids is not None else list(CATALOGUE.values())


def _prepare_calendar(standards: list[Standard], cases: QuerySet, now: dt.datetime) -> None:
    """Working-day deadlines read WorkingDayOffset: cover the years the cases span."""
    needed = set().union(*(s.working_days_used() for s in standards))
    if not needed:
        return
    span = cases.aggregate(first=Min("first_reported_at"), last=Max("first_reported_at"))
    if span["first"] is None:
        return
    first_year = timezone.localtime(span["first"]).year - 1
    last_year = max(timezone.localtime(span["last"]).year, timezone.localtime(now).year) + 1
    calendar.ensure_offsets(needed, dt.date(first_year, 1, 1), dt.date(last_year, 12, 31))


def write_results(standard: Standard, cases: QuerySet, now: dt.datetime) -> Counter:
    """Evaluate one standard over `cases` and insert its rows (old rows already deleted)."""
    if connection.vendor == "postgresql":
        return _insert_select(standard, cases, now)
    return _bulk_create(standard, cases, now)


_INSERT_SQL = """
INSERT INTO {table} (case_id, child_id, standard_id, state, due_at, evidence_type, evidence_id,
                     evidence_note, district_id, team_id, case_type, period, owner_id, evaluated_at)
SELECT r.r_case, r.r_child, %s, r.r_state, r.r_due, r.r_evidence_type, r.r_evidence_id,
       LEFT(r.r_note, 300), c.district_id, c.team_id, c.case_type,
       (date_trunc('month', c.first_reported_at AT TIME ZONE %s))::date,
       COALESCE(r.r_owner, c.officer_in_charge_id), %s
FROM ({rule_sql}) AS r JOIN {case_table} c ON c.id = r.r_case
"""


def _insert_select(standard: Standard, cases: QuerySet, now: dt.datetime) -> Counter:
    statements = [qs.query.sql_with_params() for qs in standard.queries(cases, now)]
    return _execute_inserts(standard, statements, now)


def _execute_inserts(standard: Standard, statements, now: dt.datetime, *, prepared: bool = False) -> Counter:
    """Run a standard's INSERT ... SELECT statements; `prepared` (the incremental run) uses
    server-side prepared statements, so each standard's plan is made once per connection."""
    counts: Counter = Counter()
    if prepared:
        connection.ensure_connection()
        cursor = psycopg.Cursor(connection.connection)
    else:
        cursor = connection.cursor()
    with cursor:
        for rule_sql, rule_params in statements:
            sql = _INSERT_SQL.format(
                table=StandardResult._meta.db_table, case_table=Case._meta.db_table, rule_sql=rule_sql
            )
            # Counting what was inserted, by state, for the summary without a second scan.
            counted = (
                f"WITH inserted AS ({sql} RETURNING state) SELECT state, count(*) FROM inserted GROUP BY 1"
            )
            params = (standard.id, settings.TIME_ZONE, now, *rule_params)
            if prepared:
                cursor.execute(counted, params, prepare=True)
            else:
                cursor.execute(counted, params)
            counts.update(dict(cursor.fetchall()))
    return counts


# The incremental run on PostgreSQL reuses each standard's compiled SQL: building the ORM
# querysets costs more than running them for one case. A rule's SQL depends only on its
# thresholds; the case id and `now` are parameters. Compiling twice with different sentinels
# finds which parameters they are; a rule that derived another value from `now` in Python
# would show a third differing parameter and is then simply not cached.
_SENTINELS = (
    (-7_000_001, dt.datetime(1901, 1, 1, 0, 0, 0, 123457, tzinfo=dt.UTC)),
    (-7_000_002, dt.datetime(1902, 2, 2, 0, 0, 0, 654321, tzinfo=dt.UTC)),
)
_compiled: dict[tuple, list | None] = {}


def _one_case_statements(standard: Standard, case_id: int, now: dt.datetime) -> list[tuple[str, tuple]]:
    key = (standard.id, tuple(sorted(standard.threshold_values().items())))
    if key not in _compiled:
        _compiled[key] = _compile_template(standard)
    template = _compiled[key]
    if template is None:
        return [qs.query.sql_with_params() for qs in standard.queries(Case.objects.filter(pk=case_id), now)]
    return [
        (sql, tuple(case_id if slot == "case" else now if slot == "now" else value for value, slot in params))
        for sql, params in template
    ]


def _compile_template(standard: Standard) -> list | None:
    (case_a, now_a), (case_b, now_b) = _SENTINELS
    first = [qs.query.sql_with_params() for qs in standard.queries(Case.objects.filter(pk=case_a), now_a)]
    second = [qs.query.sql_with_params() for qs in standard.queries(Case.objects.filter(pk=case_b), now_b)]
    template = []
    for (sql_a, params_a), (sql_b, params_b) in zip(first, second, strict=True):
        if sql_a != sql_b or len(params_a) != len(params_b):
            return None
        slots = []
        for a, b in zip(params_a, params_b, strict=True):
            if a == b:
                slots.append((a, None))
            elif (a, b) == (case_a, case_b):
                slots.append((None, "case"))
            elif (a, b) == (now_a, now_b):
                slots.append((None, "now"))
            else:
                return None
        template.append((sql_a, slots))
    return template


def _bulk_create(standard: Standard, cases: QuerySet, now: dt.datetime) -> Counter:
    counts: Counter = Counter()
    batch: list[dict] = []

    def flush() -> None:
        if not batch:
            return
        info = {
            c["id"]: c
            for c in Case.objects.filter(id__in={row["r_case"] for row in batch}).values(
                "id", "district_id", "team_id", "case_type", "first_reported_at", "officer_in_charge_id"
            )
        }
        objects = []
        for row in batch:
            case = info[row["r_case"]]
            objects.append(
                StandardResult(
                    case_id=row["r_case"],
                    child_id=row["r_child"],
                    standard_id=standard.id,
                    state=row["r_state"],
                    due_at=row["r_due"],
                    evidence_type=row["r_evidence_type"],
                    evidence_id=row["r_evidence_id"],
                    evidence_note=(row["r_note"] or "")[:300],
                    district_id=case["district_id"],
                    team_id=case["team_id"],
                    case_type=case["case_type"],
                    period=timezone.localtime(case["first_reported_at"]).date().replace(day=1),
                    owner_id=row["r_owner"] or case["officer_in_charge_id"],
                    evaluated_at=now,
                )
            )
            counts[row["r_state"]] += 1
        StandardResult.objects.bulk_create(objects)
        batch.clear()

    for row in standard.evaluate(cases, now):
        batch.append(row)
        if len(batch) >= CHUNK:
            flush()
    flush()
    return counts


def evaluate_cases(
    cases: QuerySet,
    now: dt.datetime,
    *,
    standard_ids: Iterable[str] | None = None,
    label: str = "",
    progress: Progress | None = None,
) -> Counter:
    """Replace the results of `cases` (one district's, or one case) with fresh ones."""
    standards = _standards(standard_ids)
    # Skip standards that apply to none of the cases' types rather than run a statement that
    # can only come back empty (most of them, for the one case of an incremental run).
    case_types = set(cases.order_by().values_list("case_type", flat=True).distinct())
    standards = [s for s in standards if s.case_types & case_types]
    counts: Counter = Counter()
    with transaction.atomic():
        _prepare_calendar(standards, cases, now)
        old = StandardResult.objects.filter(case__in=cases)
        if standard_ids is not None:
            old = old.filter(standard_id__in=[s.id for s in standards])
        old._raw_delete(old.db)
        for standard in standards:
            counts += write_results(standard, cases, now)
            if progress:
                progress(label, standard.id)
    return counts


def evaluate_case(case_id: int, now: dt.datetime) -> Counter:
    """Replace one case's results (the incremental run: the same rules, over one case)."""
    cases = Case.objects.filter(pk=case_id)
    if connection.vendor != "postgresql":
        return evaluate_cases(cases, now)
    case_type = cases.values_list("case_type", flat=True).first()
    standards = [s for s in CATALOGUE.values() if case_type in s.case_types]
    counts: Counter = Counter()
    with transaction.atomic():
        with connection.cursor() as cursor:
            # Prepared statements keep one plan per standard for "a case": planning these
            # statements costs more than running them for one case.
            cursor.execute("SET LOCAL plan_cache_mode = force_generic_plan")
        _prepare_calendar(standards, cases, now)
        old = StandardResult.objects.filter(case_id=case_id)
        old._raw_delete(old.db)
        for standard in standards:
            counts += _execute_inserts(
                standard, _one_case_statements(standard, case_id, now), now, prepared=True
            )
    return counts


def evaluate_district(district, now: dt.datetime, *, progress: Progress | None = None) -> Counter:
    """All standards over every case of one district; the district's old rows are replaced."""
    standards = _standards()
    cases = Case.objects.filter(district=district)
    counts: Counter = Counter()
    with transaction.atomic():
        _prepare_calendar(standards, cases, now)
        # Deleting by the copied district column needs no join (and catches cases moved out).
        StandardResult.objects.filter(district=district)._raw_delete(StandardResult.objects.db)
        for standard in standards:
            counts += write_results(standard, cases, now)
            if progress:
                progress(district.code, standard.id)
    return counts


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
