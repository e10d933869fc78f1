"""Dates as source systems write them. ISO 8601 always; the UK's day/month/year (12/04/2015,
12-04-2015, 12.04.2015) when the source system is set to it (EXCHANGE_DATE_LAYOUTS, or
`--date-layout` on the import). A source not set either way gets day/month/year only where it
cannot be a US month/day date (a day above 12, or day equal to month); 04/12/2015 is refused
there as ambiguous. Two-digit years are always refused: 15 may be 1915 or 2015 for a date of
birth."""

import contextlib
import contextvars
import datetime as dt
import re
from collections.abc import Iterator

from django.conf import settings

ISO = "iso"  # ISO 8601 only
DAY_MONTH_YEAR = "dmy"  # ISO, and day/month/year
UNSET = "auto"  # ISO, and day/month/year where unambiguous
LAYOUTS = (ISO, DAY_MONTH_YEAR, UNSET)

_layout: contextvars.ContextVar[str] = contextvars.ContextVar("date_layout", default=UNSET)
_NUMERIC = re.compile(r"^\s*(\d{1,2})([/.\-])(\d{1,2})\2(\d{2,4})\s*$")
_NUMERIC_TIME = re.compile(r"^\s*(\d{1,2})([/.\-])(\d{1,2})\2(\d{4})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?\s*$")


def layout_for(source_system: str) -> str:
    configured = getattr(settings, "EXCHANGE_DATE_LAYOUTS", {}) or {}
    return configured.get(source_system, configured.get("*", UNSET))


@contextlib.contextmanager
def reading_dates_as(layout: str) -> Iterator[None]:
    if layout not in LAYOUTS:
        raise ValueError(f"date layout must be one of {', '.join(LAYOUTS)}, not {layout!r}")
    token = _layout.set(layout)
    try:
        yield
    finally:
        _layout.reset(token)


def _day_month_year(day: int, month: int, year_text: str, raw: str) -> tuple[int, int, int]:
    layout = _layout.get()
    if layout == ISO:
        raise ValueError(f"not a date (YYYY-MM-DD; this source is set to ISO dates only): {raw!r}")
    if len(year_text) != 4:
        raise ValueError(f"a two-digit year is ambiguous (write the year in full, e.g. 2015): {raw!r}")
    if layout == UNSET and day <= 12 and month <= 12 and day != month:
        raise ValueError(
            f"ambiguous date {raw!r}: day/month or month/day? Write it as YYYY-MM-DD, or set this"
            " source system's dates to day/month/year (--date-layout dmy)"
        )
    return day, month, int(year_text)


def parse_date(raw: str) -> dt.date:
    """A date in a layout other than ISO; raises ValueError saying what is wrong."""
    found = _NUMERIC.match(raw)
    if not found:
        raise ValueError(f"not a date (YYYY-MM-DD, or DD/MM/YYYY): {raw!r}")
    day, month, year = _day_month_year(int(found[1]), int(found[3]), found[4], raw)
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"not a real date (day/month/year): {raw!r}") from None


def parse_datetime(raw: str) -> dt.datetime:
    """A naive date and time in day/month/year layout, e.g. 12/04/2015 14:30."""
    found = _NUMERIC_TIME.match(raw)
    if not found:
        raise ValueError(f"not a date and time (ISO 8601, or DD/MM/YYYY HH:MM): {raw!r}")
    day, month, year = _day_month_year(int(found[1]), int(found[3]), found[4], raw)
    try:
        return dt.datetime(year, month, day, int(found[5]), int(found[6]), int(found[7] or 0))
    except ValueError:
        raise ValueError(f"not a real date and time (day/month/year): {raw!r}") from None
