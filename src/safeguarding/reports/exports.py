"""A report's PDF, made by the worker (ADR 14): drawing it over a whole force's figures takes
longer than a request should. The CSV (one line a figure) stays in the request."""

from typing import Any

from django.http import QueryDict
from django_tasks import task

from safeguarding.access.models import User
from safeguarding.access.roles import Permission
from safeguarding.reports.filters import ReportFilterForm, published_filters
from safeguarding.reports.pdf import report_pdf_bytes
from safeguarding.runtime.exports import ExportFile, export_enqueue, export_run
from safeguarding.runtime.models import BackgroundJob


def report_pdf_enqueue(*, actor: User, slug: str, title: str, query: dict[str, str]) -> BackgroundJob:
    """Queue the PDF of report `slug` with these filters (as its page's query string)."""
    return export_enqueue(
        actor=actor,
        task=report_pdf_export,
        permissions=(Permission.VIEW_REPORTS,),
        title=f"{title} (PDF)",
        parameters={"report": slug, "filters": query},
    )


@task()
def report_pdf_export(job_id: int) -> dict[str, Any]:
    return export_run(job_id, _report_pdf, describe="the report PDF")


def _report_pdf(actor: User, parameters: dict[str, Any]) -> ExportFile:
    from safeguarding.reports.views import _module, aggregate_only, build_report

    slug = parameters["report"]
    query = QueryDict(mutable=True)
    query.update(parameters["filters"])
    filters = ReportFilterForm.from_query(query).filters()
    # As the page does (reports/views.py): the filters are narrowed for a published report.
    published = aggregate_only(actor)
    if published or getattr(_module(slug), "SUPPRESSED", False):
        filters, _ = published_filters(filters)
    report = build_report(slug, filters, published=published)
    stamp = f"{filters.period_from:%Y-%m}_{filters.period_to:%Y-%m}"
    return ExportFile(f"report-{slug}-{stamp}.pdf", "application/pdf", report_pdf_bytes(report, filters))
