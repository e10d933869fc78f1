"""The audit report's PDF (issue 24): rendered by WeasyPrint from the page's own body, tagged
PDF/UA (structure tree, language, table headers, title), and showing the page's numbers."""

import io
import re

import pikepdf
import pytest
from django.urls import reverse
from lxml import html as lxml_html
from pypdf import PdfReader

from safeguarding.audits import services
from safeguarding.cases.vocabulary import CaseType
from tests.audits.builders import grade, make_audit, make_pool
from tests.queue import queued_export
from tests.reports.test_pdf import _assert_accessible, _is_subsequence

pytestmark = pytest.mark.django_db
NUMBER = re.compile(r"-?\d[\d,]*(?:\.\d+)?%?")


def body_numbers(page_html: str) -> list[str]:
    """Every figure in the report's tables, facts and estimate sentences, in page order."""
    tree = lxml_html.fromstring(page_html)
    nodes = tree.xpath(
        "//table//td | //dl[contains(@class,'facts')]//dd | //section[@id='force-estimate']//li"
    )
    return [token for node in nodes for token in NUMBER.findall(node.text_content())]


def test_the_audit_report_pdf_is_tagged_and_shows_the_page_s_numbers(cast, client_for, districts):
    # 12 domestic abuse cases drawn: enough for that case type's own estimate; 3 missing: too few.
    make_pool(districts["north"], {CaseType.DOMESTIC_ABUSE: 20, CaseType.MISSING: 6})
    audit = make_audit(cast["auditor"], quotas={CaseType.DOMESTIC_ABUSE: 12, CaseType.MISSING: 3})
    services.audit_assign(actor=cast["auditor"], audit=audit, auditor=cast["inspector"])
    services.audit_draw_sample(actor=cast["auditor"], audit=audit)
    for i, audit_case in enumerate(audit.audit_cases.order_by("id")):
        grade(cast["auditor"], audit_case, ("inadequate", "good", "requires_improvement")[i % 3])
        grade(cast["inspector"], audit_case, ("inadequate", "requires_improvement", "good")[i % 3])
    client = client_for("auditor")
    page = client.get(reverse("audits:report", args=[audit.pk]))
    pdf = queued_export(client, reverse("audits:report_pdf", args=[audit.pk]))
    assert page.status_code == 200 and pdf["Content-Type"] == "application/pdf"

    _assert_accessible(pdf.content, charts=0, title=f"Case audit report: {audit.title}")
    with pikepdf.open(io.BytesIO(pdf.content)) as document:
        assert not any(b"reportlab" in bytes(str(v), "utf-8").lower() for v in document.docinfo.values())

    numbers = body_numbers(page.content.decode())
    assert len(numbers) > 30, "the page shows figures"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    text = " ".join(text.split())
    assert _is_subsequence(numbers, NUMBER.findall(text))
    assert "We estimate" in text and "Force \\ Inspectors" in text

    # The case type and district estimates: numbers where the sample allows, words where not,
    # the same on the page and in the PDF (their cells are among `numbers` above).
    tree = lxml_html.fromstring(page.content)
    domains = {
        row.get("data-domain"): [td.text_content() for td in row.xpath("td")]
        for row in tree.xpath("//table[@id='domain-estimates']//tbody/tr")
    }
    assert domains["Case type:Domestic abuse"][0] == "12"
    assert re.fullmatch(r"\d+% \(\d+% to \d+%\)", domains["Case type:Domestic abuse"][1])
    assert domains[f"District:{districts['north'].name}"][0] == "15"
    missing = domains[f"Case type:{CaseType.MISSING.label}"]
    assert missing[1] == "Too few cases sampled to estimate" and not NUMBER.search(missing[1])
    assert "Too few cases sampled to estimate" in text
    for cells in domains.values():
        for cell in cells[1:]:
            assert " ".join(cell.split()) in text
