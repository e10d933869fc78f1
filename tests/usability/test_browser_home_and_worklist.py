"""In a real browser (issue 25): signing in lands on the role's home page; the team worklist
filters by officer and due; a late record is acknowledged and leaves the list."""

import datetime as dt

import pytest
from django.utils import timezone

from safeguarding.standards.models import State, WorklistAcknowledgement
from tests.browser import browser_page, login  # noqa: F401  (fixture import)
from tests.factories import make_case, make_person, make_standard_result
from tests.standards.test_browser_worklist import clear_access_log_for_flush, release_live_server_sessions

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _database_left_clean(transactional_db):
    yield
    clear_access_log_for_flush()
    release_live_server_sessions()


@pytest.fixture
def team_work(cast, districts):
    north = districts["north"]
    now = timezone.now()
    made = {}
    for name, officer, days in (("Amy", "officer_north", 4), ("Ben", "supervisor_north", 2)):
        child = make_person(north, forename=name, surname="Browser", date_of_birth="2016-05-01")
        case = make_case(
            north, children=[child], officer_in_charge=cast[officer], supervisor=cast["supervisor_north"]
        )
        made[name] = make_standard_result(case, "DRIFT", State.NOT_MET, due_at=now - dt.timedelta(days=days))
    late_case = make_case(north, officer_in_charge=cast["officer_north"], supervisor=cast["supervisor_north"])
    made["late"] = make_standard_result(
        late_case,
        "REFERRAL_FEEDBACK",
        State.NOT_MET,
        due_at=now - dt.timedelta(days=1),
        evidence_type="cases.referral",
        evidence_id="7",
        evidence_note="outcome received late",
    )
    return made


def test_each_role_lands_on_its_own_home_page(browser_page, cast, team_work):  # noqa: F811
    page = browser_page

    login(page, "supervisor_north", step_up=False)
    page.goto("/")
    assert page.locator("h2", has_text="Your team's worklist").count() == 1
    assert page.locator(f'tr[data-result="{team_work["Amy"].pk}"]').count() == 1
    assert "Overdue by 4 days" in page.locator(f'tr[data-result="{team_work["Amy"].pk}"]').inner_text()

    page.context.clear_cookies()
    login(page, "pcc_analyst", step_up=False)
    page.goto("/")
    assert page.locator("h2", has_text="Reports").count() == 1
    assert page.locator("table.worklist").count() == 0


def test_the_team_worklist_filters_by_officer_and_due(browser_page, cast, team_work):  # noqa: F811
    page = browser_page
    login(page, "supervisor_north", step_up=False)
    page.goto("/standards/worklist/?scope=team")
    assert page.locator("table.worklist tbody tr[data-result]").count() == 3

    page.get_by_label("Officer").select_option(label="Officer Test")
    page.get_by_role("button", name="Show").click()
    page.wait_for_load_state("networkidle")
    rows = page.locator("table.worklist tbody tr[data-result]")
    assert rows.count() == 2  # Amy's drift and the late referral, both officer_north's
    assert page.locator(f'tr[data-result="{team_work["Ben"].pk}"]').count() == 0

    page.get_by_label("Order").select_option("due")
    page.get_by_role("button", name="Show").click()
    page.wait_for_load_state("networkidle")
    first = page.locator("table.worklist tbody tr[data-result]").first
    assert first.get_attribute("data-result") == str(team_work["Amy"].pk)  # the longest overdue


def test_a_late_record_is_acknowledged_and_leaves_the_list(browser_page, cast, team_work):  # noqa: F811
    page = browser_page
    login(page, "officer_north", step_up=False)
    page.goto("/standards/worklist/")
    late = page.locator(f'tr[data-result="{team_work["late"].pk}"]')
    assert "Recorded late" in late.inner_text()
    assert late.get_by_role("link", name="Add the record").count() == 0

    late.get_by_role("button", name="Acknowledge").click()
    page.wait_for_load_state("networkidle")

    assert "Acknowledged" in page.locator(".messages").inner_text()
    assert page.locator(f'tr[data-result="{team_work["late"].pk}"]').count() == 0
    assert WorklistAcknowledgement.objects.filter(standard_id="REFERRAL_FEEDBACK").count() == 1
