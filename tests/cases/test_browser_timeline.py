import pytest

from tests.browser import browser_page, login  # noqa: F401  (fixture import)
from tests.cases.scene import child_with_history


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_officer_finds_a_misspelt_child_and_sees_flags_and_timeline(browser_page, cast, districts):  # noqa: F811
    child_with_history(districts, recorded_by=cast["officer_north"])
    page = browser_page
    login(page, "officer_north")
    page.goto("/people/search/")
    page.fill("#id_q", "Amelia Hartly")
    page.click("button:has-text('Search')")
    page.locator(".results a.name", has_text="Amelia Hartley").first.click()
    page.wait_for_load_state("networkidle")

    assert page.locator("h1").inner_text() == "Amelia Hartley"
    warnings = page.locator(".alerts").inner_text()
    assert "Child protection plan: Neglect" in warnings
    timeline = page.locator("#timeline")
    assert timeline.locator("li", has_text="Incident: Domestic abuse").count() == 1
    # The warnings come before the timeline on the page (flags first).
    assert page.locator(".alerts").bounding_box()["y"] < timeline.bounding_box()["y"]
