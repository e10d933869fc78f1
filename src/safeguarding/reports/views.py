"""The five management reports: page, CSV and PDF from one Report built of aggregates, and the
drill-down list of cases behind a figure for users who may see cases (403 for the PCC analyst)."""

from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from safeguarding import csvsafe
from safeguarding.access.declarations import requires
from safeguarding.access.models import AccessAction
from safeguarding.access.roles import Permission
from safeguarding.access.services import access_record
from safeguarding.access.stepup import step_up_required
from safeguarding.reports.disclosure import RULE
from safeguarding.reports.exports import report_pdf_enqueue
from safeguarding.reports.filters import ReportFilterForm, ReportFilters, published_filters
from safeguarding.reports.publish import publish
from safeguarding.reports.selectors import REPORTS
from safeguarding.reports.selectors.common import report_queries
from safeguarding.reports.selectors.drilldown import DRILLDOWN_LIMIT, drilldown_cases, figure_from
from safeguarding.reports.svg import chart_image
from safeguarding.reports.tables import Report

DESCRIPTIONS = {
    "voice": "Children's views recorded, what they said and how they seemed; anonymised for the PCC, "
    "quarterly.",
    "outcomes": "What happened to children at closure, and whether they were referred, went missing or met "
    "abuse again.",
    "custody": "Every detention of a child: hours, overnight holds, accommodation, certificates, "
    "appropriate adults, s136.",
    "fairness": "Custody, arrest and outcome rates by ethnicity, age, gender and disability against the "
    "child population.",
    "consistency": "Key standards, audit grades and outcomes per district, with districts that differ "
    "beyond chance marked.",
}


def _module(slug: str):
    module = REPORTS.get(slug)
    if module is None:
        raise Http404("No such report.")
    return module


def aggregate_only(user) -> bool:
    """A reader who sees aggregates only (the PCC analyst) gets the published figures: small
    counts hidden (reports.publish) and only the filters that cannot be differenced."""
    return not user.can(Permission.VIEW_CHILD_RECORD)


def _published(request, slug: str) -> bool:
    return bool(slug) and (getattr(_module(slug), "SUPPRESSED", False) or aggregate_only(request.user))


def _filters(request, slug: str = "") -> tuple[ReportFilterForm, ReportFilters]:
    form = ReportFilterForm.from_query(request.GET)
    filters = form.filters()
    if _published(request, slug):
        filters, _ = published_filters(filters)
    return form, filters


def _filters_note(request, slug: str) -> str:
    if not _published(request, slug):
        return ""
    return published_filters(ReportFilterForm.from_query(request.GET).filters())[1]


def build_report(slug: str, filters: ReportFilters, *, published: bool) -> Report:
    """The report as the reader may see it: exact, or (published) under the small-count rule."""
    with report_queries():
        report = _module(slug).build(filters)
    report.period_label = filters.label()
    return publish(report) if published else report


def _build(request, slug: str, filters: ReportFilters) -> Report:
    return build_report(slug, filters, published=aggregate_only(request.user))


def _stamp(filters: ReportFilters) -> str:
    return f"{filters.period_from:%Y-%m}_{filters.period_to:%Y-%m}"


def _export_logged(request, slug: str, filters: ReportFilters, kind: str) -> None:
    access_record(
        actor=request.user,
        action=AccessAction.EXPORT,
        object_type="report",
        object_id=slug,
        detail={"format": kind, "filters": filters.as_query()},
    )


@requires(Permission.VIEW_REPORTS)
def index(request):
    reports = [(slug, module.TITLE, DESCRIPTIONS[slug]) for slug, module in REPORTS.items()]
    return render(request, "reports/index.html", {"reports": reports})


@requires(Permission.VIEW_REPORTS)
def report_page(request, slug: str):
    _module(slug)
    form, filters = _filters(request, slug)
    report = _build(request, slug, filters)
    query = filters.as_query()
    return render(
        request,
        "reports/report.html",
        {
            "form": form,
            "report": report,
            "filters": filters,
            "filter_query": urlencode(query),
            "filters_text": filters.describe(),
            "filters_note": _filters_note(request, slug),
            "suppression_rule": RULE,
            "can_drill": request.user.can(Permission.VIEW_CHILD_RECORD),
            "charts": [chart_image(chart) for chart in report.charts],
        },
    )


@requires(Permission.VIEW_REPORTS)
@step_up_required  # a bulk export: the password again first (issue 13)
def report_csv(request, slug: str):
    _module(slug)
    _, filters = _filters(request, slug)
    report = _build(request, slug, filters)
    _export_logged(request, slug, filters, "csv")
    response = HttpResponse(content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="report-{slug}-{_stamp(filters)}.csv"'
    writer = csvsafe.writer(response)
    writer.writerow(
        [
            "report",
            "period",
            "district_filter",
            "case_type_filter",
            "table",
            "row",
            "column",
            "shown",
            "value",
        ]
    )
    context = [report.title, report.period_label, filters.district_id or "", filters.case_type]
    for table in report.tables:
        for row in table.rows:
            for column, cell in zip(table.columns[1:], row.cells, strict=False):
                # `value` is empty when the figure is hidden: a suppressed count is never exported.
                writer.writerow(
                    [
                        *context,
                        table.title,
                        row.label,
                        column,
                        cell.text,
                        "" if cell.value is None else cell.value,
                    ]
                )
    return response


@requires(Permission.VIEW_REPORTS)
@require_http_methods(["GET", "POST"])
@step_up_required  # a bulk export: the password again first (issue 13)
def report_pdf(request, slug: str):
    """The PDF is made by the worker (reports/exports.py): GET asks, POST queues it and shows
    the job's page, where its requester downloads it."""
    module = _module(slug)
    _, filters = _filters(request, slug)
    if request.method == "POST":
        _export_logged(request, slug, filters, "pdf")
        job = report_pdf_enqueue(actor=request.user, slug=slug, title=module.TITLE, query=filters.as_query())
        return redirect("export_job", job.pk)
    return render(
        request,
        "runtime/export_ask.html",
        {
            "title": f"{module.TITLE}, {filters.describe()}",
            "description": "A PDF of the report as you see it on its page, with these filters.",
            "file_kind": "PDF",
            "back_url": f"{reverse('reports:report', args=[slug])}?{urlencode(filters.as_query())}",
        },
    )


@requires(Permission.VIEW_REPORTS)
def report_cases(request, slug: str):
    """The cases behind one figure. Aggregate-only roles (the PCC analyst) may never see it."""
    module = _module(slug)
    if not request.user.can(Permission.VIEW_CHILD_RECORD):
        raise PermissionDenied("Your role sees aggregate figures only.")
    _, filters = _filters(request)
    figure = figure_from(request.GET)
    cases = drilldown_cases(request.user, slug, filters, figure)
    shown = list(cases[:DRILLDOWN_LIMIT])
    total = cases.count() if len(shown) == DRILLDOWN_LIMIT else len(shown)
    access_record(
        actor=request.user,
        action=AccessAction.VIEW,
        object_type="report_cases",
        object_id=slug,
        detail={"figure": figure, "filters": filters.as_query(), "cases": [case.pk for case in shown][:200]},
    )
    return render(
        request,
        "reports/cases.html",
        {
            "title": module.TITLE,
            "slug": slug,
            "figure": figure,
            "filters": filters,
            "cases": shown,
            "total": total,
            "limit": DRILLDOWN_LIMIT,
        },
    )


@requires(Permission.VIEW_REPORTS)
def concordat_csv(request):
    """The Concordat on children in custody return, from the custody report's data. For the
    force's own staff who file it (users who may see cases); exact counts, so not for
    aggregate-only readers."""
    from safeguarding.reports.selectors.custody import concordat_return

    if not request.user.can(Permission.VIEW_CHILD_RECORD):
        raise PermissionDenied(
            "The Concordat return holds exact counts: your role sees published figures only."
        )
    _, filters = _filters(request)
    _export_logged(request, "custody", filters, "concordat_csv")
    response = HttpResponse(content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="concordat-return-{_stamp(filters)}.csv"'
    writer = csvsafe.writer(response)
    writer.writerow(["measure", "label", "district", "value", "period_from", "period_to"])
    for key, label, district, value in concordat_return(filters):
        writer.writerow(
            [key, label, district, value, f"{filters.period_from:%Y-%m}", f"{filters.period_to:%Y-%m}"]
        )
    return response
