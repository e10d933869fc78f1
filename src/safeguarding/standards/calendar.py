"""Working days: weekdays that are not bank holidays in England and Wales.

Bank holidays come from the maintained `holidays` library, never a hand-typed list.

A deadline "n working days after" a moment keeps the moment's time of day and moves it to the
n-th working day after its local (Europe/London) date: Friday 10:00 + 1 working day is Monday
10:00; Saturday 10:00 + 1 is also Monday 10:00. The shift is a whole number of 24-hour days, so
the rules can compute the same deadline in SQL (`WorkingDayOffset`): across a clock change the
deadline's wall-clock time moves by one hour, which no standard's threshold is fine enough to
notice.
"""

import datetime as dt
from functools import lru_cache

import holidays
from django.utils import timezone

# England and Wales share one set of bank holidays; the library's subdivision is "ENG".
_COUNTRY, _SUBDIVISION = "GB", "ENG"


@lru_cache(maxsize=64)
def bank_holidays(year: int) -> frozenset[dt.date]:
    return frozenset(holidays.country_holidays(_COUNTRY, subdiv=_SUBDIVISION, years=year))


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in bank_holidays(day.year)


@lru_cache(maxsize=65536)
def working_day_offset(day: dt.date, n: int) -> int:
    """Calendar days from `day` to the n-th working day after it (n >= 0; 0 means `day` itself)."""
    target = day
    remaining = n
    while remaining > 0:
        target += dt.timedelta(days=1)
        if is_working_day(target):
            remaining -= 1
    return (target - day).days


def add_working_days(moment: dt.datetime, n: int) -> dt.datetime:
    """The moment n working days after `moment` (aware datetime), at the same time of day."""
    local_day = timezone.localtime(moment).date()
    return moment + dt.timedelta(days=working_day_offset(local_day, n))


def ensure_offsets(working_days: set[int], first: dt.date, last: dt.date) -> None:
    """Make sure `WorkingDayOffset` holds every day first..last for each n (the SQL rules read it).

    One counting query when the table already covers the range; otherwise the missing days are
    added (the table only ever grows, and its rows never change: bank holidays are fixed in
    advance).
    """
    from django.db.models import Count

    from safeguarding.standards.models import WorkingDayOffset

    if not working_days:
        return
    span = (last - first).days + 1
    have = dict(
        WorkingDayOffset.objects.filter(working_days__in=working_days, day__range=(first, last))
        .values_list("working_days")
        .annotate(days=Count("day"))
        .values_list("working_days", "days")
    )
    for n in sorted(working_days):
        if have.get(n) == span:
            continue
        present = set(
            WorkingDayOffset.objects.filter(working_days=n, day__range=(first, last)).values_list(
                "day", flat=True
            )
        )
        missing = (first + dt.timedelta(days=i) for i in range(span))
        WorkingDayOffset.objects.bulk_create(
            [
                WorkingDayOffset(
                    day=day, working_days=n, offset=dt.timedelta(days=working_day_offset(day, n))
                )
                for day in missing
                if day not in present
            ],
            batch_size=2000,
            ignore_conflicts=True,
        )
