"""A report as a PDF (reportlab platypus, A4 landscape): the same Report as the page, so the
paper can carry nothing the page does not; charts drawn with reportlab's own graphics."""

import io
from xml.sax.saxutils import escape

from django.utils import timezone
from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from safeguarding.reports.filters import ReportFilters
from safeguarding.reports.tables import Chart, Report
from safeguarding.reports.tables import Table as ReportTable

BRAND = colors.HexColor("#1d3557")
LINE = colors.HexColor("#b1b4b6")
PANEL = colors.HexColor("#f3f2f1")
MARKED = colors.HexColor("#fff7bf")
PALETTE = [colors.HexColor(c) for c in ("#1d3557", "#d4351c", "#00703c", "#f47738", "#5694ca", "#912b88")]


def _styles():
    sheet = getSampleStyleSheet()
    return {
        "title": ParagraphStyle(
            "title", parent=sheet["Title"], fontSize=16, leading=20, textColor=BRAND, alignment=0
        ),
        "h2": ParagraphStyle("h2", parent=sheet["Heading2"], fontSize=12, textColor=BRAND, spaceBefore=8),
        "body": ParagraphStyle("body", parent=sheet["BodyText"], fontSize=9, leading=12),
        "small": ParagraphStyle("small", parent=sheet["BodyText"], fontSize=7.5, leading=9.5),
        "cell": ParagraphStyle("cell", parent=sheet["BodyText"], fontSize=7.5, leading=9),
        "head": ParagraphStyle(
            "head", parent=sheet["BodyText"], fontSize=7.5, leading=9, fontName="Helvetica-Bold"
        ),
        "head_num": ParagraphStyle(
            "head_num",
            parent=sheet["BodyText"],
            fontSize=7.5,
            leading=9,
            fontName="Helvetica-Bold",
            alignment=2,
        ),
        "marking": ParagraphStyle("marking", parent=sheet["BodyText"], fontSize=8, textColor=colors.grey),
    }


def _p(text: str, style) -> Paragraph:
    return Paragraph(escape(text), style)


def _table(table: ReportTable, width: float, s) -> Table:
    columns = len(table.columns)
    first = min(0.34, max(0.18, 1.6 / columns)) * width
    rest = (width - first) / max(1, columns - 1)
    rows = [[_p(column, s["head"] if i == 0 else s["head_num"]) for i, column in enumerate(table.columns)]]
    style = [
        ("GRID", (0, 0), (-1, -1), 0.3, LINE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), PANEL),
        ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
        ("FONTSIZE", (0, 0), (-1, -1), 7.5),
    ]
    for r, row in enumerate(table.rows, start=1):
        cells = [_p(row.label, s["head"] if row.heading else s["cell"])]
        for c, cell in enumerate(row.cells, start=1):
            text = cell.text + (f"\n{cell.note}" if cell.note else "")
            cells.append(text)
            if cell.mark:
                style.append(("BACKGROUND", (c, r), (c, r), MARKED))
        if row.heading:
            style.append(("FONTNAME", (1, r), (-1, r), "Helvetica-Bold"))
        rows.append(cells)
    out = Table(rows, colWidths=[first] + [rest] * (columns - 1), repeatRows=1)
    out.setStyle(TableStyle(style))
    return out


def _chart(chart: Chart, width: float) -> Drawing | None:
    """A bar chart; horizontal when the labels are long, so that none is cut short."""
    datasets = [[v if v is not None else 0 for v in d["data"]] for d in chart.datasets]
    if not chart.labels or not any(any(values) for values in datasets):
        return None
    longest = max(len(label) for label in chart.labels)
    horizontal = longest > 16
    legend_room = 90 if len(datasets) > 1 else 0
    height = max(150, 11 * len(chart.labels) * len(datasets) + 40) if horizontal else 150
    drawing = Drawing(width, height + 24)
    if horizontal:
        bars = HorizontalBarChart()
        label_room = min(width * 0.45, 3.4 * longest)
        bars.x, bars.y = label_room + 6, 20
        bars.width, bars.height = width - label_room - 16 - legend_room, height - 30
        bars.categoryAxis.reverseDirection = True
        bars.categoryAxis.labels.boxAnchor = "e"
        bars.categoryAxis.labels.dx = -3
    else:
        bars = VerticalBarChart()
        bars.x, bars.y, bars.width, bars.height = 34, 30, width - 44 - legend_room, height - 40
    bars.data = datasets
    bars.categoryAxis.categoryNames = list(chart.labels)
    bars.categoryAxis.labels.fontSize = 6.5
    bars.valueAxis.valueMin = 0
    top = max(max(values) for values in datasets)
    bars.valueAxis.valueMax = 100 if chart.percent else max(1, top * 1.15)
    bars.valueAxis.labels.fontSize = 7
    if chart.percent:
        bars.valueAxis.labelTextFormat = "%d%%"
    for i in range(len(datasets)):
        bars.bars[i].fillColor = PALETTE[i % len(PALETTE)]
        bars.bars[i].strokeColor = None
    drawing.add(bars)
    drawing.add(String(0, height + 12, chart.title, fontSize=8.5, fontName="Helvetica-Bold"))
    if len(datasets) > 1:
        legend = Legend()
        legend.x, legend.y = bars.x + bars.width + 12, height - 10
        legend.fontSize = 7
        legend.colorNamePairs = [
            (PALETTE[i % len(PALETTE)], d["label"]) for i, d in enumerate(chart.datasets)
        ]
        drawing.add(legend)
    return drawing


def report_pdf_bytes(report: Report, filters: ReportFilters) -> bytes:
    s = _styles()
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=landscape(A4),
        leftMargin=14 * mm,
        rightMargin=14 * mm,
        topMargin=12 * mm,
        bottomMargin=12 * mm,
        title=report.title,
        author="Safeguarding management information",
    )
    width = doc.width
    filters_text = f"Period: {report.period_label}"
    if filters.district_id:
        from safeguarding.force.models import District

        filters_text += f" · District: {District.objects.get(pk=filters.district_id).name}"
    if filters.case_type:
        from safeguarding.cases.vocabulary import CaseType

        filters_text += f" · Case type: {CaseType(filters.case_type).label}"
    story = [
        _p("OFFICIAL - aggregate figures, no personal data", s["marking"]),
        _p(report.title, s["title"]),
        _p(f"{filters_text} · Produced {timezone.localtime():%-d %B %Y %H:%M}", s["small"]),
        Spacer(1, 4),
        _p(report.summary, s["body"]),
    ]
    # Charts two to a row, each half the page wide.
    drawings = [d for d in (_chart(chart, width / 2 - 8) for chart in report.charts) if d is not None]
    for i in range(0, len(drawings), 2):
        pair = drawings[i : i + 2]
        grid = Table([pair + [""] * (2 - len(pair))], colWidths=[width / 2] * 2)
        grid.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
        story += [Spacer(1, 6), grid]
    for table in report.tables:
        block = [_p(table.title, s["h2"])]
        if table.note:
            block.append(_p(table.note, s["small"]))
        block.append(_table(table, width, s))
        story.append(KeepTogether(block) if len(table.rows) < 25 else block[0])
        if len(table.rows) >= 25:
            story.extend(block[1:])
    story.append(_p("How these figures are counted", s["h2"]))
    story += [_p(paragraph, s["body"]) for paragraph in report.method]
    doc.build(story)
    return out.getvalue()
