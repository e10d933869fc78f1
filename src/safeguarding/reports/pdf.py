"""A report as a PDF (reportlab platypus, A4 landscape): the same Report as the page, so the
paper can carry nothing the page does not; charts drawn with reportlab's own graphics."""

import io
import math
from xml.sax.saxutils import escape

from django.utils import timezone
from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, Line, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas
from reportlab.platypus import (
    CondPageBreak,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from safeguarding.reports.disclosure import RULE
from safeguarding.reports.filters import ReportFilters
from safeguarding.reports.tables import Chart, Report
from safeguarding.reports.tables import Table as ReportTable

BRAND = colors.HexColor("#1d3557")
LINE = colors.HexColor("#b1b4b6")
PANEL = colors.HexColor("#f3f2f1")
MARKED = colors.HexColor("#fff7bf")
MARKING = "OFFICIAL - aggregate figures, no personal data"
PALETTE = [colors.HexColor(c) for c in ("#1d3557", "#d4351c", "#00703c", "#f47738", "#5694ca", "#912b88")]


def _styles():
    sheet = getSampleStyleSheet()
    return {
        "title": ParagraphStyle(
            "title", parent=sheet["Title"], fontSize=16, leading=20, textColor=BRAND, alignment=0
        ),
        "h2": ParagraphStyle(
            "h2", parent=sheet["Heading2"], fontSize=12, textColor=BRAND, spaceBefore=8, keepWithNext=1
        ),
        "h2_split": ParagraphStyle(
            "h2_split", parent=sheet["Heading2"], fontSize=12, textColor=BRAND, spaceBefore=8
        ),
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
    if columns <= 3:
        width *= 0.6  # a label and a figure or two: kept close enough to read across
    first = min(0.34, max(0.18, 1.6 / columns)) * width if columns > 3 else width * 0.55
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
    out = Table(rows, colWidths=[first] + [rest] * (columns - 1), repeatRows=1, hAlign="LEFT")
    out.setStyle(TableStyle(style))
    return out


FULL_WIDTH_FROM = 24  # bars: a chart with more than this many takes the page's whole width
MAX_CHART_HEIGHT = 380  # points: leaves room for the title and a line of text on the page
LABELLED_UP_TO = 40  # bars: above this many, values are read from the table, not the bars


def _value_max(top: float, chart: Chart) -> float:
    if chart.reference is not None:
        top = max(top, chart.reference)
    if chart.percent:
        # a scale that fits the data (a 0-100% axis leaves shares of 10% unreadable)
        return min(100, max(10, math.ceil(top * 1.15 / 10) * 10))
    return max(1, top * 1.15)


def _legend(chart: Chart, width: float) -> tuple[Legend | None, float]:
    """A legend under the chart, as many items to a row as fit: (legend, height it needs)."""
    if len(chart.datasets) < 2:
        return None, 0
    item = max(stringWidth(d["label"], "Helvetica", 7) for d in chart.datasets) + 40
    per_row = max(1, int(width // item))
    rows = math.ceil(len(chart.datasets) / per_row)
    legend = Legend()
    legend.fontSize = 7
    legend.alignment = "right"
    legend.boxAnchor = "nw"
    legend.columnMaximum = rows
    legend.deltax = item
    legend.dx = legend.dy = 7
    legend.deltay = 10
    legend.autoXPadding = 4
    legend.colorNamePairs = [(PALETTE[i % len(PALETTE)], d["label"]) for i, d in enumerate(chart.datasets)]
    return legend, rows * 10 + 6


def _chart(chart: Chart, width: float) -> Drawing | None:
    """A bar chart with its values on the bars; horizontal when the labels are long, so that
    none is cut short; the legend underneath, where it cannot run off the page."""
    values = [[v if v is not None else 0 for v in d["data"]] for d in chart.datasets]
    if not chart.labels or not any(any(v) for v in values):
        return None
    bars_count = len(chart.labels) * len(values)
    longest = max(stringWidth(label, "Helvetica", 6.5) for label in chart.labels)
    horizontal = longest > 60 or bars_count > 12
    legend, legend_room = _legend(chart, width - 10)
    if horizontal:
        per_label = 9 * len(values) + 6  # a bar of each series and a gap
        height = max(130, min(MAX_CHART_HEIGHT, per_label * len(chart.labels) + 30))
    else:
        height = 150
    drawing = Drawing(width, height + 24 + legend_room)
    base = 20 + legend_room
    if horizontal:
        bars = HorizontalBarChart()
        label_room = min(width * 0.45, longest + 8)
        bars.x, bars.y = label_room + 4, base
        bars.width, bars.height = width - label_room - 34, height - 30
        bars.categoryAxis.reverseDirection = True
        bars.categoryAxis.labels.boxAnchor = "e"
        bars.categoryAxis.labels.dx = -5
    else:
        bars = VerticalBarChart()
        bars.x, bars.y, bars.width, bars.height = 34, base + 10, width - 44, height - 40
    # Series in the legend's order, top to bottom: a horizontal chart draws the first at the bottom.
    order = list(range(len(values)))[::-1] if horizontal else list(range(len(values)))
    bars.data = [values[i] for i in order]
    bars.categoryAxis.categoryNames = list(chart.labels)
    bars.categoryAxis.labels.fontSize = 6.5
    bars.valueAxis.valueMin = 0
    top = max(max(v) for v in values)
    bars.valueAxis.valueMax = _value_max(top, chart)
    bars.valueAxis.labels.fontSize = 7
    if chart.percent:
        bars.valueAxis.labelTextFormat = "%d%%"
    if bars_count <= LABELLED_UP_TO:
        bars.barLabelFormat = "values"
        bars.barLabelArray = [[_bar_label(v, chart) for v in chart.datasets[i]["data"]] for i in order]
        bars.barLabels.fontSize = 6
        bars.barLabels.fillColor = colors.HexColor("#0b0c0c")
        bars.barLabels.boxFillColor = colors.white
        bars.barLabels.leftPadding = bars.barLabels.rightPadding = 1
        if horizontal:
            bars.barLabels.boxAnchor = "w"
            bars.barLabels.dx = 3
        else:
            bars.barLabels.boxAnchor = "s"
            bars.barLabels.dy = 2
    for position, i in enumerate(order):
        bars.bars[position].fillColor = PALETTE[i % len(PALETTE)]
        bars.bars[position].strokeColor = None
    if chart.reference is not None:
        # under the bars and their labels (which sit on white), so no figure is struck through
        drawing.add(_reference_line(bars, chart.reference, horizontal))
    drawing.add(bars)
    drawing.add(String(0, drawing.height - 12, chart.title, fontSize=8.5, fontName="Helvetica-Bold"))
    if legend is not None:
        legend.x, legend.y = bars.x if not horizontal else 4, legend_room - 2
        drawing.add(legend)
    return drawing


def _bar_label(value, chart: Chart) -> str:
    if value is None:
        return "not shown"
    if chart.percent:
        return f"{value:.1f}%"
    if chart.reference is not None:
        return f"{value:.2f}"
    return f"{value:,.2f}" if isinstance(value, float) and not value.is_integer() else f"{value:,.0f}"


def _reference_line(bars, reference: float, horizontal: bool) -> Line:
    axis = bars.valueAxis
    share = (reference - axis.valueMin) / (axis.valueMax - axis.valueMin)
    if horizontal:
        x = bars.x + bars.width * share
        line = Line(x, bars.y, x, bars.y + bars.height)
    else:
        y = bars.y + bars.height * share
        line = Line(bars.x, y, bars.x + bars.width, y)
    line.strokeColor = colors.HexColor("#d4351c")
    line.strokeDashArray = [3, 2]
    line.strokeWidth = 0.8
    return line


def _numbered_canvas(footer: str):
    """A canvas that writes "page n of m" and the report's name in each page's footer (the page
    count is known only once every page is laid out)."""

    class NumberedCanvas(canvas.Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self):  # noqa: N802 - reportlab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self.setFont("Helvetica", 7)
                self.setFillColor(colors.grey)
                self.drawString(14 * mm, 7 * mm, footer)
                self.drawRightString(
                    self._pagesize[0] - 14 * mm, 7 * mm, f"Page {self._pageNumber} of {total}"
                )
                super().showPage()
            super().save()

    return NumberedCanvas


def report_pdf_bytes(report: Report, filters: ReportFilters) -> bytes:
    s = _styles()
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=landscape(A4),
        leftMargin=14 * mm,
        rightMargin=14 * mm,
        topMargin=12 * mm,
        bottomMargin=14 * mm,
        title=report.title,
        author="Safeguarding management information",
    )
    width = doc.width
    filters_text = filters.describe()
    story = [
        _p(MARKING, s["marking"]),
        _p(report.title, s["title"]),
        _p(f"{filters_text} · Produced {timezone.localtime():%-d %B %Y %H:%M}", s["small"]),
        Spacer(1, 4),
        _p(report.summary, s["body"]),
    ]
    if report.suppressed:
        story.append(_p("Small numbers: " + RULE, s["small"]))
    # Charts two to a row, each half the page wide; a chart of many bars takes a row of its own.
    half, full = width / 2 - 8, width
    row: list[Drawing] = []
    empty = []
    for chart in report.charts:
        wide = len(chart.labels) * len(chart.datasets) > FULL_WIDTH_FROM
        drawing = _chart(chart, full if wide else half)
        if drawing is None:
            empty.append(chart.title)
            continue
        if wide:
            story += _chart_row(row, width)
            row = []
            story += [Spacer(1, 6), drawing]
            continue
        row.append(drawing)
        if len(row) == 2:
            story += _chart_row(row, width)
            row = []
    story += _chart_row(row, width)
    if empty:
        # say why a chart is missing rather than leave the reader to wonder
        story.append(
            _p(
                "Not drawn, as every figure in it is zero for this selection: " + "; ".join(empty) + ".",
                s["small"],
            )
        )
    for table in report.tables:
        block = [_p(table.title, s["h2"])]
        if table.note:
            block.append(_p(table.note, s["small"]))
        block.append(_table(table, width, s))
        if len(table.rows) < 25:
            story.append(KeepTogether(block))
        else:
            # a long table starts where there is room for its title and a few rows, then runs on
            # (its header repeated), rather than leaving a page blank to start on the next
            story.append(CondPageBreak(140))
            story += [_p(table.title, s["h2_split"]), *block[1:]]
    # the method is short: on one page, not a stray line at the top of the next
    story.append(
        KeepTogether(
            [
                _p("How these figures are counted", s["h2"]),
                *[_p(paragraph, s["body"]) for paragraph in report.method],
            ]
        )
    )
    footer = f"{report.title} · {filters_text} · {MARKING}"
    doc.build(story, canvasmaker=_numbered_canvas(footer))
    return out.getvalue()


def _chart_row(row: list[Drawing], width: float) -> list:
    if not row:
        return []
    grid = Table([row + [""] * (2 - len(row))], colWidths=[width / 2] * 2)
    grid.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return [Spacer(1, 6), grid]
