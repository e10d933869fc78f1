"""In a real browser: import a report on the upload page, open a recommendation, record an
action, and download the panel paper."""

import pytest

from safeguarding.inspections.models import RecommendationAction
from tests.browser import browser_page, fill_date, login  # noqa: F401
from tests.inspections.seeds import SEEDS, seed
from tests.inspections.test_report_parser import NORTHMOOR
from tests.queue import browser_export


@pytest.fixture
def report_file(tmp_path):
    if SEEDS.is_dir():
        return seed("000")  # West Yorkshire, as published
    path = tmp_path / "northmoor.txt"
    path.write_text(NORTHMOOR, encoding="utf-8")
    return path


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_import_track_and_download_the_panel_paper(
    browser_page,  # noqa: F811
    cast,
    report_file,
):
    page = browser_page
    login(page, "safeguarding_unit")

    page.goto("/inspections/")
    page.click("text=Import a report")
    page.set_input_files("input[type=file]", str(report_file))
    page.click("button:has-text('Import')")
    page.wait_for_load_state("networkidle")
    # Issue 20: a preview of what was read, stored only once a person confirms it.
    assert page.locator("h1").inner_text() == "Check what was read before it is stored"
    page.click("button:has-text('Confirm and store')")
    page.wait_for_load_state("networkidle")
    assert "Imported" in page.locator(".messages").inner_text()
    assert page.locator("h1").inner_text().endswith("Police")

    page.locator("table a[href*='/inspections/recommendations/']").first.click()
    assert page.locator("h1").inner_text() == "Recommendation 1"
    page.fill(
        "#action-form textarea[name=text]", "Joint review with children's social care of ICPC attendance"
    )
    fill_date(page, "#id_action_due", "2026-12-31")
    page.click("#action-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "Action added to the plan." in page.locator(".messages").inner_text()
    assert "Joint review with children's social care" in page.locator("tr.action").first.inner_text()
    assert RecommendationAction.objects.get().created_by == cast["safeguarding_unit"]

    page.click("text=Panel paper")
    assert "progress on the recommendations" in page.locator("h1").inner_text()
    download = browser_export(page, "#download-pdf")
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
