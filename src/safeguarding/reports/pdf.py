"""A report as a PDF, rendered by WeasyPrint from the template the page uses
(reports/_body.html), so the paper carries the page's figures and drawings and nothing else
(docs/adr/0016). Tagged PDF/UA-1: a structure tree, the document's language, alternative text
for every chart (the <img> alt), table header cells (<th scope>), a title in the metadata.

WeasyPrint needs Pango (Debian: libpango-1.0-0, libpangoft2-1.0-0); `make demo` and `.ci/run`
check for it."""

from django.template.loader import render_to_string
from django.utils import timezone

from safeguarding.reports.disclosure import RULE
from safeguarding.reports.filters import ReportFilters
from safeguarding.reports.svg import chart_image
from safeguarding.reports.tables import Report
from safeguarding.tagged_pdf import PDF_VARIANT, css_string, pdf_from_html

__all__ = ["PDF_VARIANT", "pdf_from_html", "report_html", "report_pdf_bytes"]

MARKING = "OFFICIAL - aggregate figures, no personal data"


def report_html(report: Report, filters: ReportFilters) -> str:
    filters_text = filters.describe()
    return render_to_string(
        "reports/report_pdf.html",
        {
            "report": report,
            "charts": [chart_image(chart) for chart in report.charts],
            "filters_text": filters_text,
            "produced": f"{timezone.localtime():%-d %B %Y %H:%M}",
            "marking": MARKING,
            "footer": css_string(f"{report.title} · {filters_text} · {MARKING}"),
            "suppression_rule": RULE,
            "can_drill": False,
        },
    )


def report_pdf_bytes(report: Report, filters: ReportFilters) -> bytes:
    return pdf_from_html(report_html(report, filters))
