"""The panel paper says, in plain words, what each audit's drawn sample means for all the cases
of its population (the force-wide estimate with its 95% interval), from aggregates only."""

import io
import re

import pytest
from django.urls import reverse
from lxml import html as lxml_html
from pypdf import PdfReader

from safeguarding.audits import services
from safeguarding.cases.vocabulary import CaseType
from tests.audits.builders import grade, make_audit, make_pool
from tests.audits.test_report_pdf import NUMBER
from tests.inspections.test_views import report  # noqa: F401 (a fixture)
from tests.queue import queued_export
from tests.reports.test_pdf import _is_subsequence

pytestmark = pytest.mark.django_db


def test_the_panel_paper_gives_the_audits_force_wide_estimate(cast, client_for, districts, report):  # noqa: F811
    make_pool(districts["north"], {CaseType.DOMESTIC_ABUSE: 10})
    audit = make_audit(cast["auditor"], quotas={CaseType.DOMESTIC_ABUSE: 4})
    services.audit_assign(actor=cast["auditor"], audit=audit, auditor=cast["inspector"])
    services.audit_draw_sample(actor=cast["auditor"], audit=audit)
    for i, audit_case in enumerate(audit.audit_cases.all()):
        grade(cast["auditor"], audit_case, "inadequate" if i == 0 else "good")
    page = client_for("pcc_analyst").get(reverse("inspections:panel_paper", args=[report.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    (row,) = page.context["paper"].audits
    assert row["Audit"] == audit.title
    assert row["Sampled cases graded by the force"] == "<5"  # 4 cases: the small-count rule
    assert row["What the sample says about all the cases"].startswith(
        "We estimate 25% of the 10 cases in this audit's population were inadequate, between"
    )
    assert "We estimate 25% of the 10 cases" in html
    assert row["By case type and district"].startswith("Domestic abuse: too few cases sampled to estimate;")


def test_the_panel_paper_gives_each_case_type_and_district_where_the_sample_allows(
    cast,
    client_for,
    districts,
    report,  # noqa: F811
):
    make_pool(districts["north"], {CaseType.DOMESTIC_ABUSE: 20, CaseType.MISSING: 5})
    audit = make_audit(cast["auditor"], quotas={CaseType.DOMESTIC_ABUSE: 12, CaseType.MISSING: 2})
    services.audit_assign(actor=cast["auditor"], audit=audit, auditor=cast["inspector"])
    services.audit_draw_sample(actor=cast["auditor"], audit=audit)
    for i, audit_case in enumerate(audit.audit_cases.order_by("id")):
        grade(cast["auditor"], audit_case, "inadequate" if i % 4 == 0 else "good")
    page = client_for("pcc_analyst").get(reverse("inspections:panel_paper", args=[report.pk]))
    (row,) = page.context["paper"].audits
    words = row["By case type and district"]
    assert re.search(r"Domestic abuse: \d+%, between \d+% and \d+%;", words)
    assert f"{CaseType.MISSING.label}: too few cases sampled to estimate;" in words
    assert re.search(rf"{districts['north'].name}: \d+%, between \d+% and \d+%\.", words)
    assert "at least 10 of its randomly drawn cases are graded" in words
    assert words.split(" A case type")[0] in page.content.decode()

    # The panel paper's PDF, from the same template, shows the same words and figures.
    client = client_for("inspector")
    page = client.get(reverse("inspections:panel_paper", args=[report.pk]))
    pdf = queued_export(client, reverse("inspections:panel_paper_pdf", args=[report.pk]))
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages).split())
    cells = lxml_html.fromstring(page.content.decode()).xpath("//article//table//td")
    numbers = [token for node in cells for token in NUMBER.findall(node.text_content())]
    assert all(token in numbers for token in NUMBER.findall(words))
    assert _is_subsequence(numbers, NUMBER.findall(text))
    assert "too few cases sampled to estimate" in text
