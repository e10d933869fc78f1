"""The audit report as CSV rows and as a PDF (WeasyPrint, from the page's template), from the
same AuditReport."""

from collections.abc import Iterator

from django.template.loader import render_to_string
from django.utils import timezone

from safeguarding.audits.reports.section5 import AuditReport
from safeguarding.tagged_pdf import css_string, pdf_from_html


def _fmt(value: float | None, digits: int = 2) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def csv_rows(report: AuditReport) -> Iterator[list[str]]:
    """Long format: section, breakdown, group, grade, count. One file answers every table."""
    yield ["section", "breakdown", "group", "grade", "count"]
    for row in report.headline:
        for grade, count in row.cells:
            yield ["headline", "", row.label, grade, str(count)]
    for section, breakdowns in (("case_type", report.by_case_type), ("district", report.by_district)):
        for breakdown in breakdowns:
            for row in breakdown.rows:
                for grade, count in row.cells:
                    yield [section, breakdown.label, row.label, grade, str(count)]
    for row in report.fold:
        for fold, count, _percent in row.cells:
            yield ["three_way_fold", "", row.label, fold, "" if count is None else str(count)]
    comparison = report.comparison
    for row in comparison.rows():
        for inspector_grade, count in zip(report.grades, row["counts"], strict=True):
            yield ["confusion", f"force {row['grade']}", "inspectors", inspector_grade, str(count)]
    yield ["comparison", "agreement", "", "", _fmt(comparison.agreement, 4)]
    yield ["comparison", "kappa_linear", "", "", _fmt(comparison.kappa_linear, 4)]
    yield ["comparison", "kappa_quadratic", "", "", _fmt(comparison.kappa_quadratic, 4)]
    for name in ("linear", "quadratic"):
        interval = getattr(comparison, f"kappa_{name}_ci")
        for end, value in zip(("ci95_low", "ci95_high"), interval or (None, None), strict=True):
            yield ["comparison", f"kappa_{name}_{end}", "percentile bootstrap", "", _fmt(value, 4)]
    yield ["comparison", "mean_difference", "", "", _fmt(comparison.mean_difference, 4)]
    yield ["comparison", "apart_two_or_more", "", "", str(comparison.apart_two_or_more)]
    if report.estimates:
        yield ["population_estimate", "sample_design", report.audit.design, "", ""]
    for grade, _sentence, estimate in report.estimates:
        yield ["population_estimate", "share", "", grade, _fmt(estimate.share, 4)]
        yield ["population_estimate", "ci95_low", "", grade, _fmt(estimate.low, 4)]
        yield ["population_estimate", "ci95_high", "", grade, _fmt(estimate.high, 4)]


MARKING = "OFFICIAL - SENSITIVE. Findings only; no names."


def pdf_bytes(report: AuditReport) -> bytes:
    """The audit report as tagged PDF/UA-1, rendered by WeasyPrint from the page's own body
    (audits/_report_body.html inside audits/report_pdf.html; docs/adr/0016)."""
    html = render_to_string(
        "audits/report_pdf.html",
        {
            "report": report,
            "marking": MARKING,
            "produced": f"{timezone.localtime():%-d %B %Y %H:%M}",
            "footer": css_string(f"Case audit report: {report.audit.title} · {MARKING}"),
        },
    )
    return pdf_from_html(html)
