"""Local time in SQL: on SQLite the reports find a moment's local day, quarter and "12 months
later" in SQL instead of Django's Python function per row. The answers must be Python's own, on
the awkward moments: either side of a clock change, the last fraction of a second before local
midnight, and moments outside the years written into the SQL."""

import datetime as dt

import pytest
from django.db import connection
from django.db.models import F
from django.db.models.functions import TruncQuarter
from django.utils import timezone

from safeguarding.cases.models import Case
from safeguarding.reports.selectors.common import Later, LocalTime, QuarterOf, _utc_offsets
from tests.factories import make_case

UTC = dt.UTC

MOMENTS = [
    dt.datetime(2026, 3, 29, 0, 59, 59, 999999, tzinfo=UTC),  # 00:59:59 GMT, the last moment before BST
    dt.datetime(2026, 3, 29, 1, 0, tzinfo=UTC),  # 02:00 BST
    dt.datetime(2026, 3, 31, 23, 30, tzinfo=UTC),  # 00:30 BST on 1 April: the second quarter
    dt.datetime(2026, 6, 14, 22, 59, 59, 999900, tzinfo=UTC),  # 23:59:59.9999 BST: still 14 June
    dt.datetime(2026, 6, 14, 23, 0, tzinfo=UTC),  # midnight BST: 15 June
    dt.datetime(2026, 9, 30, 23, 0, 0, 1, tzinfo=UTC),  # just after midnight BST on 1 October
    dt.datetime(2026, 10, 25, 0, 59, 59, tzinfo=UTC),  # 01:59:59 BST
    dt.datetime(2026, 10, 25, 1, 0, tzinfo=UTC),  # 01:00 GMT, the hour again
    dt.datetime(2026, 12, 31, 23, 59, 59, 999999, tzinfo=UTC),  # the last moment of a GMT year
    dt.datetime(1985, 6, 30, 23, 30, tzinfo=UTC),  # before the years written into the SQL
    dt.datetime(2041, 6, 30, 23, 30, tzinfo=UTC),  # after them
]


@pytest.fixture
def moments(districts) -> dict[int, dt.datetime]:
    north = districts["north"]
    cases = {make_case(north, reported=moment).pk: moment for moment in MOMENTS}
    return cases


SQLITE_ONLY = pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL has time zones")


@SQLITE_ONLY
@pytest.mark.django_db
def test_local_time_is_pythons_on_the_awkward_moments(moments):
    got = dict(
        Case.objects.filter(pk__in=moments)
        .annotate(local=LocalTime(F("first_reported_at")))
        .values_list("pk", "local")
    )
    assert got == {pk: f"{timezone.localtime(moment):%Y-%m-%d %H:%M:%S}" for pk, moment in moments.items()}
    changes = _utc_offsets(timezone.get_current_timezone(), 2026, 2026)
    assert [since for since, _ in changes] == [
        "2026-01-01 00:00:00",
        "2026-03-29 01:00:00",
        "2026-10-25 01:00:00",
        "2027-01-01 00:00:00",
    ]
    assert [offset for _, offset in changes[:-1]] == [0, 3600, 0]


@pytest.mark.django_db
def test_quarter_is_the_same_as_djangos(moments):
    rows = Case.objects.filter(pk__in=moments)
    ours = dict(rows.annotate(quarter=QuarterOf("first_reported_at")).values_list("pk", "quarter"))
    djangos = dict(rows.annotate(quarter=TruncQuarter("first_reported_at")).values_list("pk", "quarter"))
    assert ours == djangos
    april = next(pk for pk, moment in moments.items() if moment == MOMENTS[2])
    assert ours[april] == timezone.make_aware(dt.datetime(2026, 4, 1))


@pytest.mark.django_db
def test_twelve_months_later_keeps_the_fraction_of_a_second(moments):
    year = dt.timedelta(days=365)
    got = dict(
        Case.objects.filter(pk__in=moments)
        .annotate(later=Later(F("first_reported_at"), year))
        .values_list("pk", "later")
    )
    assert got == {pk: moment + year for pk, moment in moments.items()}
    # a fraction of a second in the duration: Django's own addition, the same answer
    odd = year + dt.timedelta(microseconds=1)
    got = dict(
        Case.objects.filter(pk__in=moments)
        .annotate(later=Later(F("first_reported_at"), odd))
        .values_list("pk", "later")
    )
    assert got == {pk: moment + odd for pk, moment in moments.items()}


@pytest.mark.django_db
def test_twelve_months_later_compares_to_the_microsecond(districts):
    year = dt.timedelta(days=365)
    north = districts["north"]
    inside, outside = set(), set()
    for moment in MOMENTS:
        inside.add(make_case(north, reported=moment, closed_at=moment + year).pk)
        just_after = moment + year + dt.timedelta(microseconds=1)
        outside.add(make_case(north, reported=moment, closed_at=just_after).pk)
    within = Case.objects.filter(closed_at__lte=Later(F("first_reported_at"), year))
    assert set(within.values_list("pk", flat=True)) == inside
    assert not outside & set(within.values_list("pk", flat=True))
