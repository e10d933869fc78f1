"""A PCC analyst opens each report in a real browser and downloads its PDF."""

import datetime as dt
from pathlib import Path

import pytest
from django.utils import timezone

from safeguarding.cases.models import ChildOutcome, ChildView, CustodyDetention
from safeguarding.cases.vocabulary import CaseType
from safeguarding.reports.selectors import REPORTS
from tests.browser import browser_page, login  # noqa: F401  (fixture import)
from tests.factories import make_case, make_entry, make_person
from tests.queue import browser_export

PDF_COPIES = Path("/tmp/reports-browser-pdfs")  # noqa: S108 - a copy to look at by eye, nothing secret


@pytest.fixture
def frozen_clock():
    """The live server and the browser run on the real clock (overrides the package fixture)."""
    yield


def _seed(districts) -> None:
    now = timezone.now()
    for i, district in enumerate(districts.values()):
        for j in range(8):
            child = make_person(district, forename="Browser", surname=f"Child{i}{j}", ethnicity="white")
            reported = now - dt.timedelta(days=60 + j)
            case = make_case(
                district,
                case_type=CaseType.CUSTODY,
                children=[child],
                reported=reported,
                closed_at=reported + dt.timedelta(days=20),
            )
            make_entry(
                ChildView,
                case,
                reported + dt.timedelta(days=1),
                child=child,
                views="words",
                themes=["wants_help"],
            )
            make_entry(
                ChildOutcome, case, reported + dt.timedelta(days=20), child=child, category="nfa_safeguarding"
            )
            make_entry(
                CustodyDetention,
                case,
                reported,
                child=child,
                offence="theft",
                released_at=reported + dt.timedelta(hours=5 + 4 * j),
            )


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_pcc_analyst_opens_each_report_and_downloads_the_pdf(browser_page, cast, districts, tmp_path):  # noqa: F811
    _seed(districts)
    page = browser_page
    login(page, "pcc_analyst")
    page.goto("/reports/")
    for slug, module in REPORTS.items():
        page.goto("/reports/")
        page.click(f"a[href='/reports/{slug}/']")
        page.wait_for_load_state("networkidle")
        assert page.locator("h1").inner_text() == module.TITLE
        assert page.locator("a[href*='/cases/']").count() == 0  # aggregate only: no drill-down
        for image in page.locator(".report-chart img").all():
            # the server-drawn SVG loaded under the CSP and says what it shows
            assert page.evaluate("(img) => img.complete && img.naturalWidth > 0", image.element_handle())
            assert image.get_attribute("alt")
        download = browser_export(page, "#pdf-link")
        target = tmp_path / f"{slug}.pdf"
        download.save_as(target)
        assert target.read_bytes().startswith(b"%PDF")
        PDF_COPIES.mkdir(exist_ok=True)
        download.save_as(PDF_COPIES / f"{slug}.pdf")
