"""The filters every report shares: period (months), district, case type."""

import datetime as dt
from dataclasses import dataclass

from django import forms
from django.db.models import Q
from django.utils import timezone

from safeguarding.cases.vocabulary import CaseType
from safeguarding.force.models import District
from safeguarding.standards.forms import MonthField

DEFAULT_MONTHS = 12


def _months_before(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 - months
    return dt.date(index // 12, index % 12 + 1, 1)


def _month_after(day: dt.date) -> dt.date:
    return _months_before(day, -1)


@dataclass(frozen=True)
class ReportFilters:
    period_from: dt.date  # first day of a month, inclusive
    period_to: dt.date  # first day of a month, inclusive
    district_id: int | None = None
    case_type: str = ""

    @property
    def starts(self) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(self.period_from, dt.time.min))

    @property
    def ends(self) -> dt.datetime:
        """Exclusive: the first moment after the last month."""
        return timezone.make_aware(dt.datetime.combine(_month_after(self.period_to), dt.time.min))

    def in_period(self, field: str) -> Q:
        return Q(**{f"{field}__gte": self.starts, f"{field}__lt": self.ends})

    def cases(self, prefix: str = "") -> Q:
        """District and case type, on the case reached through `prefix` ("" or "case__")."""
        condition = Q()
        if self.district_id:
            condition &= Q(**{f"{prefix}district_id": self.district_id})
        if self.case_type:
            condition &= Q(**{f"{prefix}case_type": self.case_type})
        return condition

    def label(self) -> str:
        start, end = self.period_from.strftime("%b %Y"), self.period_to.strftime("%b %Y")
        return start if start == end else f"{start} to {end}"

    def describe(self) -> str:
        """ "Period: Jan 2026 to Jun 2026 · District: all · Case type: all", for the page and the paper."""
        district = District.objects.get(pk=self.district_id).name if self.district_id else "all"
        case_type = CaseType(self.case_type).label if self.case_type else "all"
        return f"Period: {self.label()} · District: {district} · Case type: {case_type}"

    def as_query(self) -> dict[str, str]:
        query = {
            "period_from": self.period_from.strftime("%Y-%m"),
            "period_to": self.period_to.strftime("%Y-%m"),
        }
        if self.district_id:
            query["district"] = str(self.district_id)
        if self.case_type:
            query["case_type"] = self.case_type
        return query


def default_filters(today: dt.date | None = None) -> ReportFilters:
    this_month = (today or timezone.localdate()).replace(day=1)
    return ReportFilters(_months_before(this_month, DEFAULT_MONTHS - 1), this_month)


class ReportFilterForm(forms.Form):
    period_from = MonthField(label="From", required=False)
    period_to = MonthField(label="To", required=False)
    district = forms.ModelChoiceField(
        queryset=District.objects.order_by("name"), required=False, empty_label="All districts"
    )
    case_type = forms.ChoiceField(choices=[("", "All case types"), *CaseType.choices], required=False)

    @classmethod
    def from_query(cls, query) -> "ReportFilterForm":
        data = query.copy()
        if not data.get("period_from") and not data.get("period_to"):
            defaults = default_filters()
            data["period_from"] = defaults.period_from.strftime("%Y-%m")
            data["period_to"] = defaults.period_to.strftime("%Y-%m")
        return cls(data)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("period_from"), cleaned.get("period_to")
        if start and end and start > end:
            raise forms.ValidationError("The period must start before it ends.")
        return cleaned

    def filters(self) -> ReportFilters:
        defaults = default_filters()
        if not self.is_valid():
            return defaults
        cleaned = self.cleaned_data
        return ReportFilters(
            period_from=cleaned.get("period_from") or defaults.period_from,
            period_to=cleaned.get("period_to") or defaults.period_to,
            district_id=cleaned["district"].pk if cleaned.get("district") else None,
            case_type=cleaned.get("case_type") or "",
        )


DIFFERENCING_NOTE = (
    "This report hides small numbers, so it is published for one calendar quarter at a time and for "
    "the whole force (the tables already break it down by district and case type). A longer or "
    "overlapping period, or one district's figures beside the force's, could be subtracted from "
    "each other to reveal a hidden number."
)


def published_filters(filters: ReportFilters, today: dt.date | None = None) -> tuple[ReportFilters, str]:
    """The only filters a suppressed report is published under: one calendar quarter, force-wide
    (the latest quarter inside the period asked for that has ended; else the quarter holding the
    last month asked for). Quarters never overlap and no download is a part of another, so one
    download minus another reveals nothing (see reports.disclosure). Returns the filters used
    and, when they differ from those asked for, the reason in plain words."""
    this_month = (today or timezone.localdate()).replace(day=1)
    end = filters.period_to
    first = dt.date(end.year, 3 * ((end.month - 1) // 3) + 1, 1)
    while _months_before(first, -2) >= this_month and _months_before(first, 3) >= filters.period_from:
        first = _months_before(first, 3)  # that quarter has not ended: the one before, if asked for
    if first < filters.period_from.replace(day=1) and _months_before(first, -3) <= filters.period_to:
        first = _months_before(first, -3)
    published = ReportFilters(first, _months_before(first, -2))
    return published, "" if published == filters else DIFFERENCING_NOTE
