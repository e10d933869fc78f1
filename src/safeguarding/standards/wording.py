"""Due dates and counts in words, as the GOV.UK Design System writes them ("overdue by 3 days",
"due tomorrow", "1 incident", "2 incidents")."""

import datetime as dt

from django.utils import timezone

from safeguarding.wording import counted

__all__ = ["counted", "due_in_words"]


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
