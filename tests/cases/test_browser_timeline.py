import importlib

import pytest
from django.db import connection

from tests.browser import browser_page, login  # noqa: F401  (fixture import)
from tests.cases.scene import child_with_history


@pytest.fixture(autouse=True)
def _access_log_flushable(transactional_db):
    """SQLite flushes with DELETE, which the access log's append-only trigger refuses: clear the
    log with the trigger lifted, then restore it. PostgreSQL's flush (TRUNCATE) needs nothing."""
    yield
    if connection.vendor != "sqlite":
        return
    append_only = importlib.import_module("safeguarding.access.migrations.0002_access_event_append_only")
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER IF EXISTS access_event_no_delete")
        cursor.execute("DELETE FROM access_accessevent")
        cursor.execute(append_only.SQLITE_FORBID[1])


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
