"""Who may look up, what is logged, what crosses the district line, and what is refused."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from safeguarding.access.models import AccessAction, AccessEvent
from safeguarding.people.vocabulary import CpPlanCategory, FlagKind
from tests.factories import make_person
from tests.firstcontact.builders import flag

pytestmark = pytest.mark.django_db

REASON = {"reason_code": "call_for_service", "reason_reference": "INC-2026-0123"}
REASON_TEXT = "Call for service / incident in progress (ref INC-2026-0123)"
MISSING_REASON = {"reason_code": "missing_person", "reason_reference": "MP/0077/26"}
MISSING_REASON_TEXT = "Child found / missing person enquiry (ref MP/0077/26)"


@pytest.fixture
def children(districts):
    amelia = make_person(districts["north"], forename="Amelia", surname="Hartley", date_of_birth="2015-04-12")
    flag(amelia, FlagKind.CP_PLAN, cp_category=CpPlanCategory.EMOTIONAL)
    oliver = make_person(
        districts["south"], forename="Oliver", surname="Pennington", date_of_birth="2012-09-03"
    )
    flag(oliver, FlagKind.CSE_RISK)
    return {"amelia": amelia, "oliver": oliver}


def post_api(client, path, q, reason=REASON):
    return client.post(path, {"q": q, **reason}, content_type="application/json")


def test_api_happy_path_returns_flags_and_summary(client_for, children, api_path):
    response = post_api(client_for("officer_north"), api_path, "Amelia Hartly")
    assert response.status_code == 200
    person = response.json()["people"][0]
    assert person["person_id"] == children["amelia"].pk
    assert person["in_scope"] is True
    assert [flag["kind"] for flag in person["flags"]] == ["cp_plan"]
    assert person["summary"]["cp_plan_category"] == "emotional"
    assert person["summary"]["lines"][0]["kind"] == "cp_plan"


@pytest.mark.parametrize("username", ["pcc_analyst", "admin", "auditor", "inspector"])
def test_api_refused_for_roles_without_first_contact(client_for, children, api_path, username):
    response = post_api(client_for(username), api_path, "Amelia Hartley")
    assert response.status_code == 403
    assert not AccessEvent.objects.filter(action=AccessAction.LOOKUP).exists()


def test_api_refuses_anonymous(client, children, api_path):
    assert post_api(client, api_path, "Amelia Hartley").status_code in {401, 403}


def test_every_lookup_is_logged_with_its_reason(client_for, cast, children, api_path):
    post_api(client_for("officer_north"), api_path, "Oliver Pennington")
    event = AccessEvent.objects.get(action=AccessAction.LOOKUP)
    assert event.actor_id == cast["officer_north"].pk
    assert event.reason == REASON_TEXT
    assert event.detail["reason_code"] == "call_for_service"
    assert event.detail["reason_reference"] == "INC-2026-0123"
    assert event.query == "Oliver Pennington"
    assert event.detail["people"] == [children["oliver"].pk]
    assert event.detail["outside_scope"] == 1
    assert event.detail["by"] == ["name"]


@pytest.mark.parametrize(
    ("q", "says"),
    [
        ("", "Type a name"),
        ("   ", "Type a name"),
        ("a", "One character"),
        ("31/02/2010", "not a real date"),
        ("Hartley 12/04/2099", "in the future"),
        ("01/01/1890", "before 1900"),
        ("2015", "too many people"),
        ("Hartley 45/2015", "not a real month"),
    ],
)
def test_bad_queries_are_refused_with_a_message_and_nothing_is_searched(
    client_for, children, api_path, q, says
):
    client = client_for("officer_north")
    with CaptureQueriesContext(connection) as queries:
        response = post_api(client, api_path, q)
    assert response.status_code == 400
    assert says in response.json()["detail"]
    searched = [query["sql"] for query in queries.captured_queries if "people_person" in query["sql"]]
    assert searched == []
    # Nothing was consulted, so nothing is logged (and the terms are not kept anywhere).
    assert not AccessEvent.objects.exists()


def test_a_lookup_without_a_reason_is_refused(client_for, children, api_path):
    response = post_api(client_for("officer_north"), api_path, "Amelia Hartley", reason={})
    assert response.status_code == 400
    assert "reason_code" in response.json()["detail"]
    assert not AccessEvent.objects.exists()


@pytest.mark.parametrize(
    ("reason", "field"),
    [
        ({"reason": "x"}, "reason_code"),  # the old single free-text field is no way round
        ({"reason_code": "call_for_service", "reason_reference": "x"}, "reason_reference"),
        ({"reason_code": "call_for_service", "reason_reference": "-/-/-/"}, "reason_reference"),
        ({"reason_code": "call_for_service", "reason_reference": "none"}, "reason_reference"),
        ({"reason_code": "call_for_service", "reason_reference": "0000"}, "reason_reference"),
        ({"reason_code": "whim", "reason_reference": "INC-1234"}, "reason_code"),
        ({"reason_code": "other", "reason_reference": "INC-1234"}, "reason_description"),
        (
            {"reason_code": "other", "reason_reference": "INC-1234", "reason_description": "x"},
            "reason_description",
        ),
    ],
)
def test_a_token_reason_is_refused_by_the_api_naming_the_field(client_for, children, api_path, reason, field):
    response = post_api(client_for("officer_north"), api_path, "Amelia Hartley", reason=reason)
    assert response.status_code == 400
    assert field in response.json()["detail"]
    assert not AccessEvent.objects.exists()


def test_other_with_a_description_is_accepted_and_logged_in_parts(client_for, children, api_path):
    reason = {
        "reason_code": "other",
        "reason_reference": "SR 2026/118",
        "reason_description": "Welfare check asked by the school",
    }
    assert post_api(client_for("officer_north"), api_path, "Amelia Hartley", reason=reason).status_code == 200
    event = AccessEvent.objects.get(action=AccessAction.LOOKUP)
    assert event.reason == "Other: Welfare check asked by the school (ref SR 2026/118)"
    assert event.detail["reason_description"] == "Welfare check asked by the school"


def test_out_of_district_result_shows_flags_but_the_record_needs_a_reasoned_grant(client_for, children):
    client = client_for("officer_north")
    page = client.post(
        reverse("firstcontact:lookup"),
        {"q": "Oliver Penington", **MISSING_REASON},
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert "At risk of sexual exploitation" in html
    oliver = children["oliver"]
    child_url = reverse("people:child", args=[oliver.pk])
    assert f'href="{child_url}"' not in html  # no direct link: outside the officer's districts
    assert reverse("firstcontact:open_record", args=[oliver.pk]) in html
    assert client.get(child_url).status_code == 404

    # The open-record form offers the lookup's reason again.
    assert 'value="MP/0077/26"' in html
    open_url = reverse("firstcontact:open_record", args=[oliver.pk])
    for token in ({"reason": "x"}, {"reason_code": "missing_person", "reason_reference": "."}, {}):
        refused = client.post(open_url, token)
        assert refused.status_code == 400
        assert "reference" in refused.content.decode()
        assert client.get(child_url).status_code == 404

    opened = client.post(open_url, MISSING_REASON)
    assert opened.status_code == 302 and opened["Location"] == child_url
    assert client.get(child_url).status_code == 200
    view = AccessEvent.objects.filter(object_type="person", object_id=str(oliver.pk)).latest("id")
    assert view.outside_own_district is True
    assert view.reason == MISSING_REASON_TEXT
    assert view.detail == {
        "reason_code": "missing_person",
        "reason_reference": "MP/0077/26",
        "reason_description": "",
    }


def test_in_district_result_links_straight_to_the_record(client_for, children):
    html = (
        client_for("officer_north")
        .post(reverse("firstcontact:lookup"), {"q": "Amelia Hartley", **REASON})
        .content.decode()
    )
    assert f'href="{reverse("people:child", args=[children["amelia"].pk])}"' in html
    assert "Child protection plan: Emotional abuse" in html


def test_page_shows_the_problem_for_a_bad_query(client_for, children):
    response = client_for("officer_north").post(reverse("firstcontact:lookup"), {"q": "31/02/2010", **REASON})
    assert response.status_code == 200
    assert "not a real date" in response.content.decode()
    assert not AccessEvent.objects.exists()


def test_page_logs_the_chosen_reason_with_detail(client_for, children):
    client_for("officer_south").post(
        reverse("firstcontact:lookup"),
        {"q": "Amelia Hartley", "reason_code": "agency_referral", "reason_reference": "MASH-2026-0009"},
    )
    event = AccessEvent.objects.get(action=AccessAction.LOOKUP)
    assert event.reason == "Safeguarding referral from another agency (ref MASH-2026-0009)"
    assert event.detail["reason_code"] == "agency_referral"


@pytest.mark.parametrize(
    ("reason", "field"),
    [
        ({"reason_code": "call_for_service"}, "reason_reference"),
        ({"reason_code": "call_for_service", "reason_reference": "a"}, "reason_reference"),
        ({"reason_reference": "INC-2026-0009"}, "reason_code"),
        ({"reason_code": "other", "reason_reference": "INC-2026-0009"}, "reason_description"),
    ],
)
def test_page_refuses_a_token_reason_naming_the_field(client_for, children, reason, field):
    response = client_for("officer_south").post(
        reverse("firstcontact:lookup"), {"q": "Amelia Hartley", **reason}
    )
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert "Nothing was searched" in response.content.decode()
    assert "Amelia Hartley</" not in response.content.decode()
    assert not AccessEvent.objects.exists()


def test_page_is_refused_for_pcc_analyst(client_for, children):
    assert client_for("pcc_analyst").get(reverse("firstcontact:lookup")).status_code == 403
