"""Each role's home page (issue 25): signing in lands there, and it shows the role's own work."""

import pytest
import time_machine
from django.urls import reverse

from safeguarding.access.models import AccessEvent
from safeguarding.standards.models import State
from safeguarding.standards.selectors import WorklistScope, worklist_for
from tests.factories import at, make_case, make_person, make_standard_result
from tests.signin import verified_client

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen_clock():
    with time_machine.travel(at("2026-03-20", "12:00"), tick=False):
        yield


@pytest.fixture
def north_work(cast, districts):
    north = districts["north"]
    child = make_person(north, forename="Poppy", surname="Home", date_of_birth="2019-05-01")
    case = make_case(
        north, children=[child], officer_in_charge=cast["officer_north"], supervisor=cast["supervisor_north"]
    )
    make_standard_result(case, "DEMEANOUR", State.NOT_MET, child=child, due_at=at("2026-03-17"))
    return case


def _home(cast, username) -> str:
    response = verified_client(cast[username]).get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


def test_the_officer_sees_their_worklist_and_the_children_they_work_with(cast, north_work):
    page = _home(cast, "officer_north")

    assert "Your worklist" in page
    assert "Overdue by 3 days" in page  # due dates in words
    assert "Children on your open cases" in page
    child_url = reverse("people:child", args=[north_work.participants.get().person_id])
    assert "Poppy Home" in page and child_url in page
    event = AccessEvent.objects.get(actor_username="officer_north", object_type="home")
    assert event.detail["worklist_cases"] == [north_work.pk]


def test_another_districts_officer_sees_none_of_it(cast, north_work):
    page = _home(cast, "officer_south")

    assert "Poppy Home" not in page and north_work.reference not in page


def test_the_supervisor_sees_the_team_worklist(cast, north_work):
    page = _home(cast, "supervisor_north")

    assert "Your team's worklist" in page
    assert north_work.reference in page and "Officer Test" in page


def test_the_supervisors_mine_tab_holds_the_cases_they_supervise(cast, north_work):
    mine = worklist_for(cast["supervisor_north"], scope=WorklistScope.MINE)

    assert [item.case_reference for item in mine.items] == [north_work.reference]


def test_the_safeguarding_unit_sees_the_force_worklist_and_the_weakest_standards(cast, north_work):
    page = _home(cast, "safeguarding_unit")

    assert "The force's worklist" in page
    assert north_work.reference in page  # force-wide: no longer 0 items
    assert "Standards least often met" in page
    assert worklist_for(cast["safeguarding_unit"], scope=WorklistScope.TEAM).total == 1


@pytest.mark.parametrize(
    ("username", "heading", "link"),
    [
        ("auditor", "Audits assigned to you", "/audits/"),
        ("inspector", "Audits assigned to you", "/audits/"),
        ("pcc_analyst", "Reports", "/reports/"),
        ("admin", "Latest in the access log", "/access-log/"),
        ("data_manager", "Recent imports", "/exchange/"),
    ],
)
def test_each_other_role_lands_on_its_own_work(cast, districts, username, heading, link):
    page = _home(cast, username)

    assert heading in page and f'href="{link}' in page
    assert "worklist" not in page.lower()


def test_the_admin_reads_the_log_in_words(cast, districts):
    verified_client(cast["officer_north"]).get(reverse("home"))
    page = _home(cast, "admin")

    assert "Officer" in page and ">officer<" not in page  # the role's name, not its code
    assert "Consulted" in page


def test_signing_in_lands_on_the_home_page(cast, client):
    from tests.signin import TEST_PASSWORD, code_for

    client.post(reverse("login"), {"username": "supervisor_north", "password": TEST_PASSWORD})
    response = client.post(reverse("mfa_verify"), {"code": code_for(cast["supervisor_north"])}, follow=True)

    assert response.redirect_chain[-1][0] == reverse("home")
    assert "Your team's worklist" in response.content.decode()
