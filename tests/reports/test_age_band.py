"""Age bands for the fairness report: the portable yyyymmdd comparison, and the faster forms
that replace it (date comparison on PostgreSQL, strftime on SQLite), give the same band on the
awkward days."""

import datetime as dt

import pytest
from django.db import connection

from safeguarding.cases.models import CaseParticipant
from safeguarding.reports.selectors.common import age_band_by_dates, age_band_by_gap, age_band_by_text
from tests.factories import make_case, make_person

UTC = dt.UTC

# (date of birth, moment of the event, band)
CASES = [
    ("2016-02-29", dt.datetime(2021, 2, 28, 12, tzinfo=UTC), "0-4"),  # a leap-day child is 5 on 1 March
    ("2016-02-29", dt.datetime(2021, 3, 1, 12, tzinfo=UTC), "5-9"),
    ("2019-03-01", dt.datetime(2024, 2, 29, 12, tzinfo=UTC), "0-4"),  # the event on a leap day
    ("2019-02-28", dt.datetime(2024, 2, 29, 12, tzinfo=UTC), "5-9"),
    ("2016-06-15", dt.datetime(2026, 6, 15, 9, tzinfo=UTC), "10-15"),  # on the birthday
    ("2016-06-15", dt.datetime(2026, 6, 14, 22, 30, tzinfo=UTC), "5-9"),  # 23:30 London, the day before
    ("2016-06-15", dt.datetime(2026, 6, 14, 23, 30, tzinfo=UTC), "10-15"),  # 00:30 London, the day itself
    ("2010-06-16", dt.datetime(2026, 6, 15, 12, tzinfo=UTC), "10-15"),
    ("2010-06-15", dt.datetime(2026, 6, 15, 12, tzinfo=UTC), "16-17"),
    ("2008-06-15", dt.datetime(2026, 6, 15, 12, tzinfo=UTC), "18+"),
    ("2027-01-01", dt.datetime(2026, 6, 15, 12, tzinfo=UTC), "0-4"),  # a date of birth after the event
    (None, dt.datetime(2026, 6, 15, 12, tzinfo=UTC), ""),
]


@pytest.mark.django_db
def test_age_bands_on_the_awkward_days(districts):
    north = districts["north"]
    expected = {}
    for born, moment, band in CASES:
        child = make_person(north, date_of_birth=born)
        case = make_case(north, children=[child], reported=moment)
        expected[case.pk] = band
    rows = CaseParticipant.objects.filter(case_id__in=expected)
    ways = [age_band_by_gap]
    if connection.vendor == "postgresql":
        ways.append(age_band_by_dates)
    if connection.vendor == "sqlite":
        ways.append(age_band_by_text)
    for way in ways:
        got = dict(
            rows.annotate(band=way("person__date_of_birth", "case__first_reported_at")).values_list(
                "case_id", "band"
            )
        )
        assert got == expected, way.__name__
