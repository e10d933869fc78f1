"""The PDF renderer on shapes of report that broke or misled a reader at force scale: a chart of
many bars (twelve standards by five districts raised a LayoutError), a long table, a chart with
nothing to draw, hidden counts."""

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from safeguarding.reports.filters import ReportFilters
from safeguarding.reports.pdf import MAX_CHART_HEIGHT, _bar_label, _chart, report_pdf_bytes
from safeguarding.reports.tables import Cell, Chart, Report, Row, Table

FILTERS = ReportFilters(dt.date(2026, 1, 1), dt.date(2026, 6, 1))


def _grouped_chart(labels: int, series: int) -> Chart:
    return Chart(
        "many",
        "Key standards met, by district",
        "bar",
        [f"A standard with a long name {i}" for i in range(labels)],
        [{"label": f"District {j}", "data": [50 + i + j for i in range(labels)]} for j in range(series)],
        percent=True,
    )


def test_a_chart_of_many_bars_fits_on_a_page():
    drawing = _chart(_grouped_chart(12, 5), 760)
    assert drawing is not None
    assert drawing.height <= MAX_CHART_HEIGHT + 24 + 40  # chart, title and a legend of one row


def test_a_chart_with_nothing_to_draw_is_left_out_and_hidden_values_say_so():
    zeros = Chart("zero", "Nothing", "bar", ["a", "b"], [{"label": "n", "data": [0, None]}])
    assert _chart(zeros, 360) is None
    assert _bar_label(None, zeros) == "not shown"
    assert _bar_label(12.5, Chart("p", "p", "bar", ["a"], [], percent=True)) == "12.5%"
    assert _bar_label(0.96, Chart("r", "r", "bar", ["a"], [], reference=1.0)) == "0.96"


@pytest.mark.django_db
def test_a_report_with_a_big_chart_a_long_table_and_an_empty_chart_renders():
    long_table = Table("long", "A long table", ["Measure", "North", "South", "Force"])
    for i in range(40):
        long_table.rows.append(Row(f"Measure {i}", [Cell.count(i), Cell.count(2 * i), Cell.count(3 * i)]))
    report = Report(
        slug="test",
        title="A test report",
        summary="Shapes that once broke the renderer.",
        method=["How it is counted."],
        tables=[long_table],
        charts=[
            _grouped_chart(12, 5),
            Chart("zero", "Nothing to draw", "bar", ["a"], [{"label": "n", "data": [0]}]),
        ],
        period_label=FILTERS.label(),
        suppressed=True,
    )
    pdf = PdfReader(io.BytesIO(report_pdf_bytes(report, FILTERS)))
    pages = [" ".join(page.extract_text().split()) for page in pdf.pages]
    assert len(pages) >= 2
    for number, text in enumerate(pages, start=1):
        # every page says what it is and where it sits, should it be read on its own
        assert f"Page {number} of {len(pages)}" in text
        assert "A test report" in text and "Jan 2026 to Jun 2026" in text
    assert "Not drawn, as every figure in it is zero for this selection: Nothing to draw." in " ".join(pages)
    assert "Small numbers: Counts from 1 to 4" in pages[0]
    assert "District: all · Case type: all" in pages[0]
