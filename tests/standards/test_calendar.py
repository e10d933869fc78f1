"""Working days: weekends and England and Wales bank holidays (from the holidays library)."""

import datetime as dt

import pytest

from safeguarding.standards import calendar
from safeguarding.standards.models import WorkingDayOffset
from tests.factories import at


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (("2026-03-06", "10:00"), 1, ("2026-03-09", "10:00")),  # Friday + 1 = Monday
        (("2026-03-07", "10:00"), 1, ("2026-03-09", "10:00")),  # Saturday + 1 = Monday
        (("2026-03-02", "10:00"), 2, ("2026-03-04", "10:00")),  # Monday + 2 = Wednesday
        (("2026-04-02", "10:00"), 1, ("2026-04-07", "10:00")),  # Good Friday, Easter Monday skipped
        (("2026-12-24", "09:00"), 1, ("2026-12-29", "09:00")),  # Christmas, Boxing Day (observed Mon 28)
        (("2026-03-02", "10:00"), 10, ("2026-03-16", "10:00")),  # two weeks
    ],
)
def test_add_working_days(start, n, expected):
    assert calendar.add_working_days(at(*start), n) == at(*expected)


def test_bank_holidays_come_from_the_library():
    assert dt.date(2026, 8, 31) in calendar.bank_holidays(2026)  # Late Summer Bank Holiday
    assert not calendar.is_working_day(dt.date(2026, 5, 4))  # Early May bank holiday
    assert calendar.is_working_day(dt.date(2026, 5, 5))


def test_offsets_table_matches_python(db):
    calendar.ensure_offsets({1, 2}, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    row = WorkingDayOffset.objects.get(working_days=1, day=dt.date(2026, 4, 2))
    assert row.offset == dt.timedelta(days=5)
    # Counted within the year: the table only grows, and a demo force built earlier in this
    # process may have added other years (they are never wiped: demo/generator.py).
    year = WorkingDayOffset.objects.filter(day__year=2026, working_days__in=(1, 2))
    assert year.filter(working_days=2).count() == 365
    before = WorkingDayOffset.objects.count()
    calendar.ensure_offsets({1, 2}, dt.date(2026, 1, 1), dt.date(2026, 12, 31))  # idempotent
    assert year.count() == 730 and WorkingDayOffset.objects.count() == before
