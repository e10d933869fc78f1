"""The audit report as CSV rows and as a PDF (reportlab), from the same AuditReport."""

import io
from collections.abc import Iterator

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from safeguarding.audits.reports.section5 import AuditReport, GradeRow
from safeguarding.audits.vocabulary import Fold, Grade


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
    for grade, _sentence, estimate in report.estimates:
        yield ["population_estimate", "share", "", grade, _fmt(estimate.share, 4)]
        yield ["population_estimate", "ci95_low", "", grade, _fmt(estimate.low, 4)]
        yield ["population_estimate", "ci95_high", "", grade, _fmt(estimate.high, 4)]


def _ci(interval: tuple[float, float] | None) -> str:
    return f" (95% {interval[0]:.2f} to {interval[1]:.2f})" if interval else ""


def _grid(first_number_column: int) -> TableStyle:
    return TableStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e6e6e6")),
            ("FONTSIZE", (0, 0), (-1, -1), 8.5),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("ALIGN", (first_number_column, 1), (-1, -1), "RIGHT"),
        ]
    )


def _grade_table(report: AuditReport, rows: list[tuple[str, GradeRow]], first_header: str = "") -> Table:
    """Counts by grade; with a first column (case type, district) when `first_header` is given."""
    lead = [first_header] if first_header else []
    header = lead + ["Group"] + [Grade(g).label for g in report.grades] + ["Total", "Not graded / not shown"]
    data = [header]
    previous = None
    for label, row in rows:
        # Name the case type or district once, on its first row, as the HTML report does.
        first = ([_para(label) if label != previous else ""]) if first_header else []
        previous = label
        data.append(
            first + [row.label] + [str(c) for _, c in row.cells] + [str(row.total), str(row.not_graded)]
        )
    table = Table(data, repeatRows=1, hAlign="LEFT")
    table.setStyle(_grid(2 if first_header else 1))
    return table


def pdf_bytes(report: AuditReport) -> bytes:
    styles = getSampleStyleSheet()
    for heading in ("Heading2", "Heading3"):
        styles[heading].keepWithNext = 1
    body, small = styles["BodyText"], styles["BodyText"].clone("small", fontSize=8.5, leading=10.5)
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=landscape(A4),
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
        title=f"Case audit report: {report.audit.title}",
    )
    audit = report.audit
    story = [
        Paragraph(f"Case audit report: {audit.title}", styles["Title"]),
        Paragraph(
            f"{audit.get_kind_display()} · {audit.get_scale_display()} · cases first reported "
            f"{audit.period_start:%d %B %Y} to {audit.period_end:%d %B %Y} · sample seed {audit.sample_seed}",
            body,
        ),
        Paragraph("OFFICIAL – SENSITIVE. Findings only; no names.", small),
        Spacer(1, 4 * mm),
        Paragraph("Grades", styles["Heading2"]),
        _grade_table(report, [("", row) for row in report.headline]),
        Paragraph("Three-way fold (requires improvement counts as inadequate)", styles["Heading2"]),
    ]
    fold_data = [["Group"] + [str(f.label) for f in Fold] + ["Total"]]
    for row in report.fold:
        cells = [("-" if count is None else f"{count} ({percent}%)") for _, count, percent in row.cells]
        fold_data.append([row.label, *cells, str(row.total)])
    fold_table = Table(fold_data, hAlign="LEFT")
    fold_table.setStyle(_grid(1))
    story += [fold_table, Paragraph("What the sample says about all the cases", styles["Heading2"])]
    if report.estimates:
        story += [Paragraph(sentence, body) for _grade, sentence, _estimate in report.estimates]
        story.append(Paragraph(report.estimate_method, body))
    else:
        story.append(
            Paragraph("No drawn case is graded yet, so there is no estimate for the population.", body)
        )
    story.append(Paragraph("Force and inspectors compared", styles["Heading2"]))

    comparison = report.comparison
    story.append(
        Paragraph(
            f"Cases graded by both: {comparison.pairs}. Agreement: {_fmt(comparison.agreement)}. "
            f"Weighted kappa: linear {_fmt(comparison.kappa_linear)}{_ci(comparison.kappa_linear_ci)}, "
            f"quadratic {_fmt(comparison.kappa_quadratic)}{_ci(comparison.kappa_quadratic_ci)}. "
            f"{comparison.interval_method} Mean difference (force minus inspectors, in grades): "
            f"{_fmt(comparison.mean_difference)}. {comparison.bias} Cases two or more grades apart: "
            f"{comparison.apart_two_or_more}.",
            body,
        )
    )
    confusion = [["Force \\ Inspectors"] + [Grade(g).label for g in report.grades] + ["Total"]]
    for row in comparison.rows():
        confusion.append([row["label"]] + [str(c) for c in row["counts"]] + [str(row["total"])])
    confusion_table = Table(confusion, hAlign="LEFT")
    confusion_table.setStyle(_grid(1))
    story.append(confusion_table)

    story.append(Paragraph("By case type", styles["Heading2"]))
    story.append(
        _grade_table(report, [(b.label, row) for b in report.by_case_type for row in b.rows], "Case type")
    )
    story.append(Paragraph("By district", styles["Heading2"]))
    story.append(
        _grade_table(report, [(b.label, row) for b in report.by_district for row in b.rows], "District")
    )
    story.append(Paragraph("Findings by stage of the child's journey", styles["Heading2"]))
    for stage, findings in report.findings_by_stage:
        story.append(Paragraph(stage, styles["Heading3"]))
        for finding in findings:
            story.append(
                Paragraph(
                    f"<b>{_escape(finding.case_type)}, {_escape(finding.district)} "
                    f"({finding.side}: {finding.judgement})</b> "
                    f"{_escape(finding.text)}",
                    small,
                )
            )
    doc.build(story)
    return buffer.getvalue()


def _para(text: str) -> Paragraph:
    # Long labels (the general-concern case type) wrap inside their cell.
    return Paragraph(_escape(text), getSampleStyleSheet()["BodyText"].clone("cell", fontSize=8.5, leading=10))


def _escape(text: str) -> str:
    # Paragraph reads a small XML dialect: free text must not be taken for markup.
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
