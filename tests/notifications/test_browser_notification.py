"""In a real browser (issue 25): an officer records an incident on a child with a protection
plan; the district's supervisor sees the badge, reads the notification and marks it read."""

import datetime as dt

import pytest
from django.utils import timezone

from safeguarding.notifications.models import Notification
from tests.browser import browser_page, fill_date, login  # noqa: F401  (fixture import)
from tests.notifications.scene import case_of, child_on_plan
from tests.standards.test_browser_worklist import clear_access_log_for_flush, release_live_server_sessions

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _database_left_clean(transactional_db):
    yield
    clear_access_log_for_flush()
    release_live_server_sessions()


def test_a_notification_arrives(browser_page, cast, districts):  # noqa: F811
    child = child_on_plan(districts["north"], forename="Amy", surname="Planned")
    case = case_of(districts["north"], child, officer_in_charge=cast["officer_north"])
    page = browser_page

    login(page, "officer_north", step_up=False)
    page.goto(f"/cases/{case.pk}/entries/incident/add/")
    page.select_option("#id_child", label="Amy Planned")
    occurred = timezone.localtime(timezone.now() - dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    fill_date(page, "#id_occurred_at", occurred)
    page.select_option("#id_kind", "domestic_abuse")
    page.click("button:has-text('Save')")
    page.wait_for_load_state("networkidle")
    assert Notification.objects.filter(recipient=cast["supervisor_north"]).count() == 1
    # The recorder is not told of their own incident.
    assert page.locator(".notifications-link .badge").count() == 0

    page.context.clear_cookies()
    login(page, "supervisor_north", step_up=False)
    page.goto("/")
    badge = page.locator(".notifications-link .badge")
    assert badge.get_attribute("data-unread") == "1"
    page.click(".notifications-link")
    page.wait_for_load_state("networkidle")
    item = page.locator("li.unread[data-notification]")
    assert item.count() == 1
    assert case.reference in item.inner_text() and "Amy Planned" in item.inner_text()
    item.get_by_role("button", name="Mark as read").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("li.unread[data-notification]").count() == 0
    assert page.locator(".notifications-link .badge").count() == 0
