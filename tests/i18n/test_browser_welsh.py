"""In a real browser (issue 25): an officer chooses Cymraeg in the footer and works through
first contact, the child, the case and the worklist in Welsh; English comes back the same way."""

import datetime as dt

import pytest
from django.utils import timezone

from safeguarding.standards.models import State
from tests.browser import browser_page, login  # noqa: F401  (fixture import)
from tests.factories import make_case, make_person, make_standard_result
from tests.standards.test_browser_worklist import clear_access_log_for_flush, release_live_server_sessions

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# English labels of the marked set that must not show on a Welsh page.
ENGLISH = [
    "Skip to main content",
    "Sign out",
    "Find a child",
    "My worklist",
    "First contact: what do we already know?",
    "Look up",
    "Personal details",
    "Warnings",
    "About the case",
    "People in the case",
    "What is needed",
    "Nothing overdue or due soon",
]


@pytest.fixture(autouse=True)
def _database_left_clean(transactional_db):
    yield
    clear_access_log_for_flush()
    release_live_server_sessions()


def _english_on(page) -> list[str]:
    text = page.locator("body").inner_text()
    return [label for label in ENGLISH if label in text]


def test_an_officer_works_in_welsh(browser_page, cast, districts):  # noqa: F811
    north = districts["north"]
    child = make_person(north, forename="Nia", surname="Prydderch", date_of_birth="2016-05-01")
    case = make_case(north, children=[child], officer_in_charge=cast["officer_north"])
    make_standard_result(case, "DRIFT", State.NOT_MET, due_at=timezone.now() - dt.timedelta(days=3))
    page = browser_page
    login(page, "officer_north", step_up=False)

    page.goto("/first-contact/")
    assert page.locator("html").get_attribute("lang") == "en-gb"
    page.get_by_role("button", name="Cymraeg").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/first-contact/")  # the same page, now in Welsh
    assert page.locator("html").get_attribute("lang") == "cy"
    assert page.locator("h1").inner_text() == "Cyswllt cyntaf: beth ydyn ni’n ei wybod yn barod?"
    page.get_by_label("Enw, dyddiad geni, cyfeiriad").fill("Nia Prydderch")
    page.get_by_label("Rheswm", exact=True).select_option("call_for_service")
    assert "Galwad am wasanaeth" in page.locator("#id_reason_code").inner_text()
    page.get_by_label("Rhif y digwyddiad neu gyfeirnod").fill("INC-2026-0412")
    page.get_by_role("button", name="Chwilio").click()
    result = page.locator(".person-result").first
    result.wait_for()
    assert page.locator(".lookup-results h2").last.inner_text() == "1 person"
    assert "plentyn" in result.inner_text()
    assert _english_on(page) == []

    result.get_by_role("link", name="Nia Prydderch").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("h2", has_text="Manylion personol").count() == 1
    assert page.locator("h2", has_text="Rhybuddion").count() == 1
    assert _english_on(page) == []

    page.get_by_role("link", name=case.reference).click()
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text() == f"Achos {case.reference}"
    assert page.locator("h2", has_text="Am yr achos").count() == 1
    assert _english_on(page) == []

    page.get_by_role("link", name="Fy rhestr waith").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text() == "Fy rhestr waith"
    assert page.locator("table.worklist th", has_text="Beth sydd ei angen").count() == 1
    assert page.get_by_role("button", name="Dangos").count() == 1
    assert _english_on(page) == []

    page.get_by_role("button", name="English").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == "en-gb"
    assert page.locator("h1").inner_text() == "My worklist"
