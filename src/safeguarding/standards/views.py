import datetime as dt
from dataclasses import dataclass

from django.http import HttpResponse, HttpResponseForbidden
from django.shortcuts import render

from safeguarding import csvsafe
from safeguarding.access.declarations import requires
from safeguarding.access.models import AccessAction
from safeguarding.access.roles import Permission
from safeguarding.access.services import access_record
from safeguarding.access.stepup import step_up_required
from safeguarding.standards.forms import IndicatorFilterForm, WorklistForm
from safeguarding.standards.selectors import (
    Compliance,
    IndicatorFilters,
    IndicatorReport,
    StandardIndicator,
    WorklistScope,
    case_for_panel,
    indicator_chart_data,
    indicators,
    percent,
    standards_for_case,
    worklist_for,
)


@requires(Permission.VIEW_WORKLIST)
def worklist(request):
    form = WorklistForm(request.GET)
    scope = form.scope_value()
    can_see_team = request.user.can(Permission.VIEW_TEAM_WORKLIST)
    if scope == WorklistScope.TEAM and not can_see_team:
        return HttpResponseForbidden("Your role does not include the team worklist.")
    work = worklist_for(request.user, scope=scope, due_soon_days=form.due_soon_days())
    # The list names children: a consultation of personal data, logged as such (ids only).
    access_record(
        actor=request.user,
        action=AccessAction.VIEW,
        object_type="worklist",
        object_id=scope,
        detail={"items": len(work.items), "cases": sorted({item.case_id for item in work.items})[:200]},
    )
    return render(
        request,
        "standards/worklist.html",
        {"work": work, "form": form, "can_see_team": can_see_team, "days": work.due_soon_days},
    )


# --------------------------------------------------------------------------------------------
# Indicators (aggregates only: nothing here may carry a name or a case reference)


@dataclass(frozen=True)
class Cell:
    """One compliance figure as shown: rate and interval in %, with n/N."""

    met: int
    total: int
    rate: float | None
    low: float | None
    high: float | None

    @classmethod
    def of(cls, compliance: Compliance | None) -> "Cell":
        compliance = compliance or Compliance()
        interval = compliance.interval
        return cls(
            met=compliance.met,
            total=compliance.total,
            rate=percent(compliance.rate),
            low=percent(interval[0]) if interval else None,
            high=percent(interval[1]) if interval else None,
        )


@dataclass(frozen=True)
class IndicatorRow:
    standard_id: str
    description: str
    overall: Cell
    districts: list[Cell]
    spread: float | None
    lowest_district: str
    spread_is_clear: bool


def _rows(report: IndicatorReport) -> list[IndicatorRow]:
    rows = []
    for indicator in report.standards:
        rows.append(
            IndicatorRow(
                standard_id=indicator.standard_id,
                description=indicator.description,
                overall=Cell.of(indicator.overall),
                districts=[Cell.of(indicator.by_district.get(d.pk)) for d in report.districts],
                spread=percent(indicator.spread),
                lowest_district=report.district_name(indicator.lowest_district_id),
                spread_is_clear=indicator.spread_is_clear,
            )
        )
    return rows


def _report_from(request) -> tuple[IndicatorFilterForm, IndicatorReport]:
    form = IndicatorFilterForm.from_query(request.GET)
    filters = form.filters() if form.is_valid() else IndicatorFilters()
    return form, indicators(filters)


def _trend_standard(form: IndicatorFilterForm, report: IndicatorReport) -> StandardIndicator | None:
    chosen = form.cleaned_data.get("standard") if form.is_valid() else ""
    rated = [s for s in report.standards if s.overall.total]
    for indicator in rated:
        if indicator.standard_id == chosen:
            return indicator
    return rated[0] if rated else None


@requires(Permission.VIEW_INDICATORS)
def indicators_page(request):
    form, report = _report_from(request)
    trend = _trend_standard(form, report)
    trend_rows = (
        [{"month": month, "cell": Cell.of(trend.by_month.get(month))} for month in report.months]
        if trend
        else []
    )
    query = request.GET.copy()
    query.pop("standard", None)
    return render(
        request,
        "standards/indicators.html",
        {
            "form": form,
            "report": report,
            "rows": [row for row in _rows(report) if row.overall.total],
            "unrated_standards": [s.standard_id for s in report.standards if not s.overall.total],
            "rated_standards": [s for s in report.standards if s.overall.total],
            "trend": trend,
            "trend_rows": trend_rows,
            "chart_data": indicator_chart_data(report, trend.standard_id if trend else ""),
            "csv_query": form.data.urlencode() if hasattr(form.data, "urlencode") else "",
        },
    )


CSV_COLUMNS = [
    "level",
    "standard_id",
    "description",
    "district",
    "month",
    "met",
    "not_met",
    "total",
    "rate_percent",
    "ci95_low_percent",
    "ci95_high_percent",
    "period_from",
    "period_to",
    "filter_district",
    "filter_team",
    "filter_case_type",
]


def _csv_line(level, indicator, district, month, compliance, context) -> list:
    cell = Cell.of(compliance)
    return [
        level,
        indicator.standard_id,
        indicator.description,
        district,
        month,
        compliance.met,
        compliance.not_met,
        compliance.total,
        "" if cell.rate is None else cell.rate,
        "" if cell.low is None else cell.low,
        "" if cell.high is None else cell.high,
        *context,
    ]


def _month(day: dt.date | None) -> str:
    return day.strftime("%Y-%m") if day else ""


@requires(Permission.VIEW_INDICATORS)
@step_up_required  # a bulk export: the password again first (issue 13)
def indicators_csv(request):
    """Force, district and month figures per standard, worst standard first (aggregates only)."""
    form, report = _report_from(request)
    filters = report.filters
    cleaned = form.cleaned_data if form.is_valid() else {}
    context = [
        _month(filters.period_from),
        _month(filters.period_to),
        str(cleaned.get("district") or ""),
        str(cleaned.get("team") or ""),
        filters.case_type,
    ]
    access_record(
        actor=request.user,
        action=AccessAction.EXPORT,
        object_type="indicators",
        detail={"filters": [str(value) for value in context]},
    )
    response = HttpResponse(content_type="text/csv")
    stamp = f"{_month(filters.period_from) or 'start'}_{_month(filters.period_to) or 'now'}"
    response["Content-Disposition"] = f'attachment; filename="standards-indicators-{stamp}.csv"'
    writer = csvsafe.writer(response)
    writer.writerow(CSV_COLUMNS)
    for indicator in report.standards:
        writer.writerow(_csv_line("force", indicator, "", "", indicator.overall, context))
        for district in report.districts:
            if district.pk in indicator.by_district:
                compliance = indicator.by_district[district.pk]
                writer.writerow(_csv_line("district", indicator, district.name, "", compliance, context))
        for month in sorted(indicator.by_month):
            compliance = indicator.by_month[month]
            writer.writerow(_csv_line("month", indicator, "", _month(month), compliance, context))
    return response


# --------------------------------------------------------------------------------------------
# The case page panel


@requires(Permission.VIEW_CHILD_RECORD)
def case_panel(request, case_id: int):
    """The standards panel of one case, as a fragment (htmx); 404 outside the viewer's scope."""
    case = case_for_panel(request.user, case_id)
    results = standards_for_case(request.user, case)
    access_record(
        actor=request.user,
        action=AccessAction.VIEW,
        object_type="case",
        object_id=case.pk,
        object_label=case.reference,
        district_id=case.district_id,
        detail={"view": "standards_panel"},
    )
    return render(request, "standards/_case_panel.html", {"results": results, "case": case})
