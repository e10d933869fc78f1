"""Pieces the reports share: the districts in columns, the children on a case, ages in SQL, and on
SQLite local time and durations in SQL (not Django's Python function per row)."""

import datetime as dt
import functools
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import connection
from django.db.models import Case as DbCase
from django.db.models import (
    CharField,
    DateField,
    DateTimeField,
    Exists,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import TruncDate, TruncQuarter
from django.db.models.lookups import GreaterThan, IsNull, LessThan
from django.utils import timezone

from safeguarding.cases.models import CaseParticipant
from safeguarding.cases.vocabulary import ParticipantRole
from safeguarding.db import local_settings
from safeguarding.force.models import District
from safeguarding.reports.filters import ReportFilters
from safeguarding.standards.catalogue._sql import age_gap

FORCE = "Force"


def total_label(filters: ReportFilters) -> str:
    """The total row or column: the force's, or with a district chosen only that district's
    (which "Force" would misdescribe)."""
    return "Total" if filters.district_id else FORCE


def report_districts(filters: ReportFilters) -> list[tuple[int, str]]:
    districts = District.objects.order_by("name").values_list("pk", "name")
    if filters.district_id:
        districts = districts.filter(pk=filters.district_id)
    return list(districts)


def all_districts() -> list[tuple[int, str]]:
    return list(District.objects.order_by("name").values_list("pk", "name"))


def children_of_cases() -> QuerySet[CaseParticipant]:
    """One row per (case, child): the subject child, or a child present who is not also the
    subject (a child can hold both roles on one case)."""
    subject_too = CaseParticipant.objects.filter(
        case=OuterRef("case"), person=OuterRef("person"), role=ParticipantRole.SUBJECT_CHILD
    )
    return CaseParticipant.objects.filter(
        Q(role=ParticipantRole.SUBJECT_CHILD) | (Q(role=ParticipantRole.CHILD_PRESENT) & ~Exists(subject_too))
    )


def has_child(case_ref: str = "pk") -> Exists:
    return Exists(CaseParticipant.objects.filter(case=OuterRef(case_ref), role__in=list(_CHILD_ROLES)))


_CHILD_ROLES = (ParticipantRole.SUBJECT_CHILD, ParticipantRole.CHILD_PRESENT)

# Age bands of the population table (force.DistrictPopulation, dimension "age_band").
AGE_BANDS = ("0-4", "5-9", "10-15", "16-17")
NOT_RECORDED = ""


def age_band(date_of_birth: str, on: str) -> DbCase | Func:
    """The age band on the day of `on` (a datetime field, in the force's time zone); "" when the
    date of birth is unknown. Same answer on both databases; PostgreSQL gets date comparisons,
    since the portable yyyymmdd arithmetic costs five numeric EXTRACTs per branch per row (about
    half a second over a year's children at 100,000)."""
    if connection.vendor == "postgresql":
        return age_band_by_dates(date_of_birth, on)
    if connection.vendor == "sqlite":
        return age_band_by_text(date_of_birth, on)
    return age_band_by_gap(date_of_birth, on)


def age_band_by_gap(date_of_birth: str, on: str) -> DbCase:
    """The portable form (the standards' age_gap): the reference the others are tested against."""
    return _bands_by_gap(ExpressionWrapper(age_gap(date_of_birth, on), output_field=IntegerField()))


def _bands_by_gap(gap) -> DbCase:
    return DbCase(
        When(IsNull(gap, True), then=Value(NOT_RECORDED)),
        When(LessThan(gap, 50000), then=Value("0-4")),
        When(LessThan(gap, 100000), then=Value("5-9")),
        When(LessThan(gap, 160000), then=Value("10-15")),
        When(LessThan(gap, 180000), then=Value("16-17")),
        default=Value("18+"),
        output_field=CharField(),
    )


class Ymd(Func):
    """SQLite: a date as the integer yyyymmdd, by strftime (Django's Extract functions are Python
    callbacks on SQLite, six of them per age otherwise)."""

    output_field = IntegerField()
    arity = 1

    def as_sql(self, compiler, connection, function=None, template=None, arg_joiner=None, **extra_context):
        raise NotImplementedError("Ymd is SQLite only")

    def as_sqlite(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"CAST(strftime('%%Y%%m%%d', {sql}) AS INTEGER)", params


class _BandOfGap(Func):
    """SQLite: the band of a yyyymmdd gap by a simple CASE on the whole years, so that the gap
    (and its time-zone callback) is worked out once a row, not once per branch. Whole years are
    gap / 10000 (a gap below 0, a birth after the event, counts as 0, as "< 50000" does)."""

    output_field = CharField()
    arity = 1

    def as_sql(self, compiler, connection, function=None, template=None, arg_joiner=None, **extra_context):
        raise NotImplementedError("_BandOfGap is SQLite only")

    def as_sqlite(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        years = {age: band for band, ages in _BAND_AGES.items() for age in ages}
        whens = " ".join(f"WHEN {age} THEN '{band}'" for age, band in sorted(years.items()))
        years_old = f"COALESCE(MIN(MAX(({sql}) / 10000, 0), 18), -1)"
        return f"CASE {years_old} WHEN -1 THEN '{NOT_RECORDED}' {whens} ELSE '18+' END", params


_BAND_AGES = {"0-4": range(0, 5), "5-9": range(5, 10), "10-15": range(10, 16), "16-17": range(16, 18)}


def age_band_by_text(date_of_birth: str, on: str) -> Func:
    """The yyyymmdd comparison by strftime, the local day of `on` found once a row, in SQL."""
    gap = ExpressionWrapper(Ymd(LocalTime(F(on))) - Ymd(F(date_of_birth)), output_field=IntegerField())
    return _BandOfGap(gap)


# SQLite has no time zones: Django converts a stored (UTC) datetime to local time with a Python
# function called once per row (django_datetime_cast_date, django_datetime_trunc), which at
# 100,000 children cost 0.2-0.25 s of a report statement. These years' changes of UTC offset are
# written into the SQL instead; a moment outside them (or a time zone setting this does not
# cover) still goes through Django's function, so the answer is the same for every moment.
YEARS_BACK = 30
YEARS_AHEAD = 2


@functools.lru_cache(maxsize=4)
def _utc_offsets(tz: dt.tzinfo, first_year: int, last_year: int) -> tuple[tuple[str, int], ...]:
    """(UTC moment as stored, "YYYY-MM-DD HH:MM:SS"; UTC offset in seconds from that moment),
    oldest first, from 1 January of first_year to the end of last_year (the last entry is that
    end, offset 0: a moment from then on is outside)."""
    start = int(dt.datetime(first_year, 1, 1, tzinfo=dt.UTC).timestamp())
    end = int(dt.datetime(last_year + 1, 1, 1, tzinfo=dt.UTC).timestamp())

    def offset(seconds: int) -> int:
        utc_offset = dt.datetime.fromtimestamp(seconds, tz).utcoffset()  # never None: tz is given
        return int(utc_offset.total_seconds()) if utc_offset is not None else 0

    def stored(seconds: int) -> str:
        return dt.datetime.fromtimestamp(seconds, dt.UTC).strftime("%Y-%m-%d %H:%M:%S")

    changes = [(stored(start), offset(start))]
    step = 6 * 3600  # no time zone changes its offset twice within six hours
    for moment in range(start, end, step):
        after = min(moment + step, end)
        if offset(after) != changes[-1][1]:
            before = moment  # offset(before) is the old one: find the first second of the new
            while after - before > 1:
                middle = (before + after) // 2
                before, after = (before, middle) if offset(middle) != changes[-1][1] else (middle, after)
            changes.append((stored(after), offset(after)))
    changes.append((stored(end), 0))
    return tuple(changes)


def local_time_sql(sql: str, params: list | tuple, connection) -> tuple[str, list]:
    """SQLite: the stored datetime `sql` as "YYYY-MM-DD HH:MM:SS" in the current time zone, as
    Django's django_datetime_trunc('second', ...) gives it. A CASE picks the UTC offset (newest
    first, so recent moments need few comparisons) and datetime() applies it to the whole
    seconds (SQLite rounds fractions to milliseconds, which could carry 23:59:59.9999 over to
    the next day)."""
    tzname = timezone.get_current_timezone_name()
    fallback = f"django_datetime_trunc('second', {sql}, %s, %s)"
    fallback_params = [*params, tzname, connection.timezone_name]
    if not settings.USE_TZ or connection.timezone_name != "UTC":
        return fallback, fallback_params
    this_year = timezone.now().year
    changes = _utc_offsets(timezone.get_current_timezone(), this_year - YEARS_BACK, this_year + YEARS_AHEAD)
    seconds = f"substr({sql}, 1, 19)"
    whens = [f"WHEN {sql} >= %s THEN {fallback}"]
    when_params = [*params, changes[-1][0], *fallback_params]
    for since, offset in reversed(changes[:-1]):
        local = seconds if offset == 0 else f"datetime({seconds}, '{offset:+d} seconds')"
        whens.append(f"WHEN {sql} >= %s THEN {local}")
        when_params += [*params, since, *params]
    return f"CASE {' '.join(whens)} ELSE {fallback} END", [*when_params, *fallback_params]


class LocalTime(Func):
    """SQLite: a datetime in the current time zone, "YYYY-MM-DD HH:MM:SS" (see local_time_sql)."""

    output_field = CharField()
    arity = 1

    def as_sql(self, compiler, connection, function=None, template=None, arg_joiner=None, **extra_context):
        raise NotImplementedError("LocalTime is SQLite only")

    def as_sqlite(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return local_time_sql(sql, params, connection)


class QuarterOf(TruncQuarter):
    """TruncQuarter, with SQLite's local time found in SQL (see local_time_sql) rather than by
    a Python function per row; the same value on every database."""

    def as_sqlite(self, compiler, connection, **extra):
        if not isinstance(self.output_field, DateTimeField) or self.tzinfo is not None:
            return super().as_sql(compiler, connection, **extra)
        sql, params = compiler.compile(self.lhs)
        local, local_params = local_time_sql(sql, params, connection)
        first_month = (
            f"CASE (CAST(substr({local}, 6, 2) AS INTEGER) - 1) / 3 "
            "WHEN 0 THEN '01' WHEN 1 THEN '04' WHEN 2 THEN '07' ELSE '10' END"
        )
        return f"substr({local}, 1, 5) || {first_month} || '-01 00:00:00'", [*local_params, *local_params]


class Later(Func):
    """A stored datetime plus a fixed duration, as the database compares it with other stored
    datetimes. On SQLite, Django adds a duration with a Python function per row
    (django_format_dtdelta); here datetime() adds the whole seconds in SQL and the fraction of a
    second is carried over as text, so the result is the same "YYYY-MM-DD HH:MM:SS[.ffffff]"."""

    output_field = DateTimeField()
    arity = 1

    def __init__(self, moment, duration: dt.timedelta):
        super().__init__(moment)
        self.duration = duration

    def as_sql(self, compiler, connection, function=None, template=None, arg_joiner=None, **extra_context):
        later = ExpressionWrapper(
            self.source_expressions[0] + Value(self.duration), output_field=DateTimeField()
        )
        return compiler.compile(later.resolve_expression(compiler.query))

    def as_sqlite(self, compiler, connection, **extra):
        if self.duration.microseconds or not settings.USE_TZ:
            return self.as_sql(compiler, connection, **extra)
        sql, params = compiler.compile(self.source_expressions[0])
        seconds = int(self.duration.total_seconds())
        return (
            f"(datetime(substr({sql}, 1, 19), '{seconds:+d} seconds') || substr({sql}, 20))",
            [*params, *params],
        )


class YearsBefore(Func):
    """PostgreSQL: a date `years` calendar years earlier. 29 February becomes 28 February, so
    "born after the day N years before" is "not yet N", as the yyyymmdd comparison says."""

    output_field = DateField()

    def __init__(self, day, years: int):
        super().__init__(day)
        self.years = int(years)

    def as_sql(self, compiler, connection, function=None, template=None, arg_joiner=None, **extra_context):
        raise NotImplementedError("YearsBefore is PostgreSQL only")

    def as_postgresql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"(({sql}) - interval '{self.years} years')::date", params


def age_band_by_dates(date_of_birth: str, on: str) -> DbCase:
    day = TruncDate(on)
    born = F(date_of_birth)
    return DbCase(
        When(IsNull(born, True), then=Value(NOT_RECORDED)),
        When(GreaterThan(born, YearsBefore(day, 5)), then=Value("0-4")),
        When(GreaterThan(born, YearsBefore(day, 10)), then=Value("5-9")),
        When(GreaterThan(born, YearsBefore(day, 16)), then=Value("10-15")),
        When(GreaterThan(born, YearsBefore(day, 18)), then=Value("16-17")),
        default=Value("18+"),
        output_field=CharField(),
    )


@contextmanager
def report_queries() -> Iterator[None]:
    """PostgreSQL settings for one report's queries, in the report's own transaction only.

    JIT off: PostgreSQL compiles a query with JIT when its estimated cost is high, as these
    grouped reports' are; at a 100,000-child force compiling took 1.6 s of a query that runs in
    under 1 s without it. work_mem 32 MB: a year's children at that size (about 70,000 rows) are
    hashed and sorted in memory instead of spilling to temporary files at the 4 MB default.
    random_page_cost 1.1: a force's case tables are read from memory, not a spinning disk, so a
    few thousand index lookups (a year's detentions and their children) beat hashing the whole
    people table; at 100,000 children this took custody from 50 to 20 ms and fairness from 470
    to 360 ms of database time, and made no report slower.
    """
    with local_settings(jit="off", work_mem="'32MB'", random_page_cost="1.1"):
        yield
