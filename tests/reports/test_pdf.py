"""The PDF: rendered by WeasyPrint from the page's template, tagged PDF/UA (structure tree,
language, alternative text on every chart, table header cells), and showing the page's numbers."""

import datetime as dt
import io
import re

import pikepdf
import pytest
from django.urls import reverse
from lxml import html as lxml_html
from pypdf import PdfReader

from safeguarding.reports.filters import ReportFilters
from safeguarding.reports.pdf import report_pdf_bytes
from safeguarding.reports.selectors import REPORTS
from safeguarding.reports.svg import alt_text, chart_svg
from safeguarding.reports.tables import Cell, Chart, Report, Row, Table
from tests.queue import queued_export
from tests.reports.test_no_personal_data import seeded  # noqa: F401 (a fixture)

FILTERS = ReportFilters(dt.date(2026, 1, 1), dt.date(2026, 6, 1))
PERIOD = {"period_from": "2026-01", "period_to": "2026-06"}


def _structure(pdf: pikepdf.Pdf) -> list[tuple[str, str | None]]:
    """Every element of the structure tree: (type, alternative text)."""
    found: list[tuple[str, str | None]] = []

    def walk(node) -> None:
        if isinstance(node, pikepdf.Dictionary):
            if "/S" in node:
                found.append((str(node.S), str(node.Alt) if "/Alt" in node else None))
            kids = node.get("/K")
            if kids is not None:
                walk(kids)
        elif isinstance(node, pikepdf.Array):
            for kid in node:
                walk(kid)

    walk(pdf.Root.StructTreeRoot)
    return found


def _assert_accessible(content: bytes, charts: int, title: str) -> None:
    pdf = pikepdf.open(io.BytesIO(content))
    assert pdf.Root.Lang == "en-GB"
    assert pdf.Root.MarkInfo.Marked is True
    assert "/StructTreeRoot" in pdf.Root
    with pdf.open_metadata() as meta:
        assert meta.get("dc:title") == title
        assert meta.get("pdfuaid:part") == "1"
    elements = _structure(pdf)
    figures = [alt for kind, alt in elements if kind == "/Figure"]
    assert len(figures) == charts and all(figures), figures  # every chart has its alternative text
    kinds = {kind for kind, _ in elements}
    assert {"/Table", "/TH", "/TD", "/H1", "/H2"} <= kinds


def test_a_chart_is_one_svg_with_its_figures_in_words():
    chart = Chart(
        "c", "Outcomes & more", "bar", ["North", "South"], [{"label": "Share", "data": [12.5, None]}], True
    )
    svg = chart_svg(chart)
    assert svg.startswith("<svg") and "<title>Outcomes &amp; more</title>" in svg
    assert alt_text(chart) == "Bar chart: Outcomes & more. North: 12.5%; South: not shown."
    assert svg.count("<rect") == 1  # the hidden figure is not drawn


@pytest.mark.django_db
def test_a_report_pdf_is_tagged_with_language_structure_alt_text_and_table_headers():
    table = Table("t", "A table", ["Measure", "North", "Force"])
    for i in range(40):
        table.rows.append(Row(f"Measure {i}", [Cell.count(i + 5), Cell.count(2 * i + 5)]))
    report = Report(
        slug="test",
        title="A test report",
        summary="A summary.",
        method=["How it is counted."],
        tables=[table],
        charts=[
            Chart("a", "First", "bar", ["x", "y"], [{"label": "n", "data": [3, 4]}]),
            Chart("b", "Second", "line", ["Jan", "Feb"], [{"label": "n", "data": [30.0, 40.0]}], True),
        ],
        period_label=FILTERS.label(),
        suppressed=True,
    )
    content = report_pdf_bytes(report, FILTERS)
    _assert_accessible(content, charts=2, title="A test report")
    pages = [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages]
    assert len(pages) >= 2
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in text and "A test report" in text
    assert "Small numbers: Counts from 1 to 4" in pages[0]


NUMBER = re.compile(r"<5|\[c\]|–|\d[\d,]*(?:\.\d+)?%?")


def _page_numbers(page_html: str) -> list[str]:
    tree = lxml_html.fromstring(page_html)
    cells = tree.xpath("//table[contains(@class,'report-table')]//td")
    return [token for cell in cells for token in NUMBER.findall(cell.text_content())]


def _is_subsequence(needles: list[str], haystack: list[str]) -> bool:
    it = iter(haystack)
    return all(any(token == straw for straw in it) for token in needles)


@pytest.mark.django_db
@pytest.mark.parametrize("slug", list(REPORTS))
@pytest.mark.parametrize("reader", ["pcc_analyst", "safeguarding_unit"])
def test_the_page_and_its_pdf_show_the_same_numbers_and_the_pdf_is_accessible(
    slug,
    reader,
    seeded,  # noqa: F811
    client_for,
):
    client = client_for(reader)
    page = client.get(reverse("reports:report", args=[slug]), PERIOD)
    assert page.status_code == 200
    pdf = queued_export(client, reverse("reports:report_pdf", args=[slug]), PERIOD)
    assert pdf.status_code == 200
    report = page.context["report"]
    _assert_accessible(pdf.content, charts=len(report.charts), title=report.title)
    numbers = _page_numbers(page.content.decode())
    assert numbers, "the page shows figures"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    # every figure of the page's tables, in the same order, in the PDF
    assert _is_subsequence(numbers, NUMBER.findall(text)), slug
    # and the same drawing: the PDF's figures carry the page's alternative texts
    alts = [alt for kind, alt in _structure(pikepdf.open(io.BytesIO(pdf.content))) if kind == "/Figure"]
    assert alts == [chart["alt"] for chart in page.context["charts"]]
