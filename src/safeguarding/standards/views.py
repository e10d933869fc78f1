import datetime as dt
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from safeguarding import csvsafe
from safeguarding.access.declarations import requires
from safeguarding.access.models import AccessAction
from safeguarding.access.roles import Permission
from safeguarding.access.services import access_record
from safeguarding.access.stepup import step_up_required
from safeguarding.reports.disclosure import RULE, Shown, protect
from safeguarding.reports.filters import ReportFilters, published_filters
from safeguarding.reports.svg import chart_image
from safeguarding.reports.tables import Chart
from safeguarding.standards.forms import IndicatorFilterForm, WorklistForm
from safeguarding.standards.selectors import (
    WORKLIST_LIMIT,
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
from safeguarding.standards.services import worklist_item_acknowledge


@requires(Permission.VIEW_WORKLIST)
def worklist(request):
    form = WorklistForm(request.GET, viewer=request.user)
    scope = form.scope_value()
    can_see_team = request.user.can(Permission.VIEW_TEAM_WORKLIST)
    if scope == WorklistScope.TEAM and not can_see_team:
        raise PermissionDenied("Your role does not include the team worklist.")
    page_number = form.page_number()
    work = worklist_for(
        request.user,
        scope=scope,
        due_soon_days=form.due_soon_days(),
        filters=form.filters(),
        sort=form.sort_value(),
        offset=(page_number - 1) * WORKLIST_LIMIT,
    )
    # The list names children: a consultation of personal data, logged as such (ids only).
    access_record(
        actor=request.user,
        action=AccessAction.VIEW,
        object_type="worklist",
        object_id=scope,
        detail={
            "items": len(work.items),
            "page": work.offset // WORKLIST_LIMIT + 1,
            "cases": sorted({item.case_id for item in work.items})[:200],
        },
    )
    query = request.GET.copy()
    query.pop("page", None)
    pages = max(1, -(-work.total // WORKLIST_LIMIT))
    page = work.offset // WORKLIST_LIMIT + 1
    return render(
        request,
        "standards/worklist.html",
        {
            "work": work,
            "form": form,
            "can_see_team": can_see_team,
            "days": work.due_soon_days,
            "page": page,
            "pages": pages,
            "first_shown": work.offset + 1 if work.items else 0,
            "last_shown": work.offset + len(work.items),
            "page_query": query.urlencode(),
            "can_acknowledge": request.user.can(Permission.EDIT_RECORDS),
        },
    )


@require_POST
@requires(Permission.EDIT_RECORDS)
def worklist_acknowledge(request, result_id: int):
    """A late or short record acknowledged: the item leaves the worklists (404 out of scope)."""
    worklist_item_acknowledge(actor=request.user, result_id=result_id)
    messages.success(request, "Acknowledged. The item has left the worklist.")
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}) or not back.startswith(
        "/"
    ):
        back = reverse("standards:worklist")
    return redirect(back)


# --------------------------------------------------------------------------------------------
# Indicators (aggregates only: nothing here may carry a name or a case reference)


@dataclass(frozen=True)
class Cell:
    """One compliance figure as shown: rate and interval in %, with n/N."""

    met: int | str  # a text ("<5", "[c]") when hidden by the small-count rule
    total: int | str
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


def _shown_cell(counts: tuple[Shown, Shown, Shown]) -> Cell:
    """A compliance figure under the small-count rule: the rate and interval only when neither
    count nor base is hidden."""
    met, not_met, total = counts
    if not (met.hidden or not_met.hidden or total.hidden):
        return Cell.of(Compliance(met.value or 0, not_met.value or 0))
    return Cell(
        met=met.text if met.hidden else (met.value or 0),
        total=total.text if total.hidden else (total.value or 0),
        rate=None,
        low=None,
        high=None,
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


def _published_rows(report: IndicatorReport) -> tuple[list[IndicatorRow], dict[str, dict]]:
    """For aggregate-only readers: the same linked figures as their CSV (force, districts,
    months per standard), protected together. Returns the rows and, per standard, the month
    cells for the trend table."""
    rows, months = [], {}
    for indicator in report.standards:
        lines = _protected_lines(report, indicator, suppress=True)
        overall = _shown_cell(lines[0][3])
        by_name = {
            district: _shown_cell(counts) for level, district, _, counts in lines if level == "district"
        }
        districts = [by_name.get(d.name, Cell.of(None)) for d in report.districts]
        months[indicator.standard_id] = {
            month: _shown_cell(counts) for level, _, month, counts in lines if level == "month"
        }
        any_hidden = any(cell.rate is None and cell.total for cell in districts)
        rows.append(
            IndicatorRow(
                standard_id=indicator.standard_id,
                description=indicator.description,
                overall=overall,
                districts=districts,
                # the spread and the lowest district would point at a hidden rate
                spread=None if any_hidden else percent(indicator.spread),
                lowest_district="" if any_hidden else report.district_name(indicator.lowest_district_id),
                spread_is_clear=False if any_hidden else indicator.spread_is_clear,
            )
        )
    return rows, months


def _published_chart_data(rows: list[IndicatorRow], months: dict, report: IndicatorReport, trend) -> dict:
    rated = [row for row in rows if row.overall.total][:15]
    data: dict = {
        "standards": [row.standard_id for row in rated],
        "districts": [
            {"name": district.name, "rates": [row.districts[i].rate for row in rated]}
            for i, district in enumerate(report.districts)
        ],
        "trend": None,
    }
    if trend is not None:
        cells = months.get(trend.standard_id, {})
        keys = [month.strftime("%Y-%m") for month in report.months]
        data["trend"] = {
            "standard": trend.standard_id,
            "months": keys,
            "force": [cells[key].rate if key in cells else None for key in keys],
            "districts": [],  # district by month is not among the published figures
        }
    return data


def _chart_images(chart_data: dict) -> dict:
    """The page's two charts drawn on the server (reports/svg.py, as the reports and their PDFs
    are): districts side by side for the worst standards, and one standard's months. The same
    figures as the tables; a hidden rate (None) is not drawn and its alternative says so."""
    images: dict = {"districts": None, "trend": None}
    if chart_data["standards"]:
        images["districts"] = chart_image(
            Chart(
                key="districts",
                title="Compliance by district for the worst standards",
                kind="bar",
                labels=chart_data["standards"],
                datasets=[{"label": d["name"], "data": d["rates"]} for d in chart_data["districts"]],
                percent=True,
            )
        )
    trend = chart_data["trend"]
    if trend is not None:
        datasets = [{"label": "Force", "data": trend["force"]}]
        datasets += [{"label": d["name"], "data": d["rates"]} for d in trend["districts"]]
        images["trend"] = chart_image(
            Chart(
                key="trend",
                title=f"Monthly compliance for {trend['standard']}",
                kind="line",
                labels=trend["months"],
                datasets=datasets,
                percent=True,
            )
        )
    return images


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
    """For a reader who sees aggregates only (the PCC analyst), the figures of their CSV: one whole
    quarter, force-wide, under the reports' small-count rule (reports.disclosure)."""
    form, report = _report_from(request)
    suppress = not request.user.can(Permission.VIEW_CHILD_RECORD)
    if suppress:
        report = indicators(_published_indicator_filters(report.filters))
    trend = _trend_standard(form, report)
    if suppress:
        rows, months = _published_rows(report)
        trend_rows = (
            [
                {
                    "month": month,
                    "cell": months[trend.standard_id].get(month.strftime("%Y-%m"), Cell.of(None)),
                }
                for month in report.months
            ]
            if trend
            else []
        )
        chart_data = _published_chart_data(rows, months, report, trend)
    else:
        rows = _rows(report)
        trend_rows = (
            [{"month": month, "cell": Cell.of(trend.by_month.get(month))} for month in report.months]
            if trend
            else []
        )
        chart_data = indicator_chart_data(report, trend.standard_id if trend else "")
    query = request.GET.copy()
    query.pop("standard", None)
    return render(
        request,
        "standards/indicators.html",
        {
            "form": form,
            "report": report,
            "rows": [row for row in rows if row.overall.total],
            "unrated_standards": [s.standard_id for s in report.standards if not s.overall.total],
            "rated_standards": [s for s in report.standards if s.overall.total],
            "trend": trend,
            "trend_rows": trend_rows,
            "chart_data": chart_data,
            "charts": _chart_images(chart_data),
            "csv_query": form.data.urlencode() if hasattr(form.data, "urlencode") else "",
            "suppressed": suppress,
            "suppression_rule": RULE,
            "published_period": report.filters if suppress else None,
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


def _csv_line(level, indicator, district, month, counts, context) -> list:
    """counts: (met, not_met, total) as Shown; the rate and its interval only when none is hidden."""
    met, not_met, total = counts
    visible = not (met.hidden or not_met.hidden or total.hidden)
    cell = Cell.of(Compliance(met.value, not_met.value)) if visible else None
    return [
        level,
        indicator.standard_id,
        indicator.description,
        district,
        month,
        met.text if met.hidden else met.value,
        not_met.text if not_met.hidden else not_met.value,
        total.text if total.hidden else total.value,
        "" if cell is None or cell.rate is None else cell.rate,
        "" if cell is None or cell.low is None else cell.low,
        "" if cell is None or cell.high is None else cell.high,
        *context,
    ]


def _month(day: dt.date | None) -> str:
    return day.strftime("%Y-%m") if day else ""


def _published_indicator_filters(filters: IndicatorFilters) -> IndicatorFilters:
    """For aggregate-only readers: one whole calendar quarter, force-wide (the same rule as the
    suppressed reports), so one download cannot be subtracted from another."""
    today = timezone.localdate()
    asked = ReportFilters(
        filters.period_from or dt.date(today.year - 1, today.month, 1),
        filters.period_to or today.replace(day=1),
    )
    published, _ = published_filters(asked)
    return IndicatorFilters(period_from=published.period_from, period_to=published.period_to)


def _protected_lines(report: IndicatorReport, indicator: StandardIndicator, suppress: bool) -> list:
    """(level, district, month, (met, not_met, total) as Shown) for one standard. Suppressed,
    the force, district and month rows are one set of linked figures: each row's met + not met
    is its total, the districts add up to the force, and so do the months."""
    lines = [("force", None, None, indicator.overall)]
    lines += [
        ("district", d, None, indicator.by_district[d.pk])
        for d in report.districts
        if d.pk in indicator.by_district
    ]
    lines += [("month", None, m, indicator.by_month[m]) for m in sorted(indicator.by_month)]
    values: dict = {}
    for i, (_, _, _, compliance) in enumerate(lines):
        values[(i, 0)], values[(i, 1)], values[(i, 2)] = compliance.met, compliance.not_met, compliance.total
    if suppress:
        equations = [((i, 2), [(i, 0), (i, 1)]) for i in range(len(lines))]
        for level in ("district", "month"):
            members = [i for i, line in enumerate(lines) if line[0] == level]
            for column in range(3):
                if sum(values[(i, column)] for i in members) == values[(0, column)]:
                    equations.append(((0, column), [(i, column) for i in members]))
        shown = protect(values, equations)
    else:
        shown = {key: Shown(value, str(value)) for key, value in values.items()}
    return [
        (level, district.name if district else "", _month(month), tuple(shown[(i, c)] for c in range(3)))
        for i, (level, district, month, _) in enumerate(lines)
    ]


@requires(Permission.VIEW_INDICATORS)
@step_up_required  # a bulk export: the password again first (issue 13)
def indicators_csv(request):
    """Force, district and month figures per standard, worst standard first (aggregates only).

    For a reader who sees aggregates only (the PCC analyst), the small-count rule of the reports
    applies (reports.disclosure) and the figures come for one whole quarter, force-wide."""
    form, report = _report_from(request)
    suppress = not request.user.can(Permission.VIEW_CHILD_RECORD)
    if suppress:
        report = indicators(_published_indicator_filters(report.filters))
    filters = report.filters
    cleaned = form.cleaned_data if form.is_valid() and not suppress else {}
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
        detail={"filters": [str(value) for value in context], "suppressed": suppress},
    )
    response = HttpResponse(content_type="text/csv")
    stamp = f"{_month(filters.period_from) or 'start'}_{_month(filters.period_to) or 'now'}"
    response["Content-Disposition"] = f'attachment; filename="standards-indicators-{stamp}.csv"'
    writer = csvsafe.writer(response)
    writer.writerow(CSV_COLUMNS)
    for indicator in report.standards:
        for level, district, month, counts in _protected_lines(report, indicator, suppress):
            writer.writerow(_csv_line(level, indicator, district, month, counts, context))
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
