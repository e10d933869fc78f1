"""Due dates and counts in words, as the GOV.UK Design System writes them ("overdue by 3 days",
"due tomorrow", "1 incident", "2 incidents")."""

import datetime as dt

from django.utils import timezone


def counted(number: int, singular: str, plural: str = "") -> str:
    """ "1 incident", "2 incidents", "3 children" (give the plural when it is not singular + s)."""
    return f"{number:,} {singular if number == 1 else (plural or singular + 's')}"


def due_in_words(due_at: dt.datetime | None, *, now: dt.datetime, overdue: bool) -> str:
    """When an item is due, counted in calendar days of the force's time zone."""
    if due_at is None:
        return "overdue" if overdue else "no due date"
    today = timezone.localdate(now)
    due_day = timezone.localdate(due_at)
    days = (due_day - today).days
    if overdue:
        if days >= 0:
            return f"overdue since {timezone.localtime(due_at):%H:%M} today"
        return f"overdue by {counted(-days, 'day')}"
    if days <= 0:
        return f"due today at {timezone.localtime(due_at):%H:%M}"
    if days == 1:
        return "due tomorrow"
    return f"due in {counted(days, 'day')}"
