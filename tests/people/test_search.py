import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from safeguarding.access.models import AccessAction, AccessEvent
from safeguarding.people.matching import person_keys_refresh
from safeguarding.people.models import PersonAlias
from safeguarding.people.selectors import SearchTermError, parse_search, search_people
from tests.factories import make_case, make_person

pytestmark = pytest.mark.django_db
SEARCH = "/people/search/"


@pytest.fixture
def people(districts):
    north, south = districts["north"], districts["south"]
    amelia = make_person(north, forename="Amelia", surname="Hartley", date_of_birth="2015-04-12")
    made = {
        "amelia": amelia,
        "amelia_hart": make_person(north, forename="Amelia", surname="Hart", date_of_birth="2014-02-01"),
        "amelia_harte": make_person(north, forename="Amelia", surname="Harte", date_of_birth="2013-07-09"),
        "amelie": make_person(north, forename="Amelie", surname="Hartley", date_of_birth="2016-01-30"),
        "jade": make_person(north, forename="Jade", surname="Smith", date_of_birth="2011-05-05"),
        "oliver": make_person(south, forename="Oliver", surname="Pennington", date_of_birth="2012-09-03"),
        "unrelated": make_person(north, forename="Zoe", surname="Quinn", date_of_birth="2015-04-12"),
    }
    alias = PersonAlias(person=made["jade"], forename="Jade", surname="Hartnell")
    alias.set_name_keys()
    alias.save()
    person_keys_refresh([alias.person_id])
    return made


def names(results):
    return [r.person.full_name for r in results]


def test_misspelt_name_finds_the_child(cast, people):
    results = search_people(cast["officer_north"], parse_search("Amelia Hartly"))
    assert names(results)[0] == "Amelia Hartley"
    assert "Zoe Quinn" not in names(results)


def test_exact_ranks_above_phonetic_above_prefix(cast, people):
    results = search_people(cast["officer_north"], parse_search("Amelia Hart"))
    ranked = names(results)
    assert ranked.index("Amelia Hart") < ranked.index("Amelia Harte") < ranked.index("Amelia Hartley")
    assert [r.match for r in results[:2]] == ["exact name", "sounds like the name"]
    assert results[ranked.index("Amelia Hartley")].match == "close spelling (possible typing slip)"


def test_transposed_names_are_found(cast, people):
    results = search_people(cast["officer_north"], parse_search("Hartley Amelia"))
    assert names(results)[0] == "Amelia Hartley"


def test_alias_is_found(cast, people):
    results = search_people(cast["officer_north"], parse_search("Jade Hartnel"))
    assert names(results) == ["Jade Smith"]


@pytest.mark.parametrize("typed", ["12/04/2015", "2015-04-12", "12-4-2015"])
def test_date_of_birth_finds_everyone_born_that_day(cast, people, typed):
    results = search_people(cast["officer_north"], parse_search(typed))
    assert sorted(names(results)) == ["Amelia Hartley", "Zoe Quinn"]


def test_partial_date_narrows_a_name(cast, people):
    results = search_people(cast["officer_north"], parse_search("Hartley 2016"))
    assert names(results) == ["Amelie Hartley"]


def test_officer_sees_only_own_district_unless_whole_force(cast, people):
    terms = parse_search("Oliver Pennington")
    assert search_people(cast["officer_north"], terms) == []
    widened = search_people(cast["officer_north"], terms, whole_force=True)
    assert names(widened) == ["Oliver Pennington"]
    assert widened[0].outside_district


def test_person_in_a_case_of_my_district_is_in_scope(cast, people, districts):
    make_case(districts["north"], children=[people["oliver"]])
    results = search_people(cast["officer_north"], parse_search("Oliver Pennington"))
    assert names(results) == ["Oliver Pennington"]
    assert not results[0].outside_district


@pytest.mark.parametrize(
    "typed, message",
    [
        ("", "Type a name"),
        ("   ", "Type a name"),
        ("a", "One letter"),
        ("31/02/2015", "not a real date"),
        ("12/04/15", "year in full"),
        ("2015", "too many"),
        ("01/01/2999", "future"),
        ("12/04/2015 13/04/2015", "only one date"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(typed, message):
    with pytest.raises(SearchTermError, match=message):
        parse_search(typed)


@pytest.mark.parametrize("typed", ["", "a", "31/02/2015"])
def test_bad_search_page_explains_runs_no_query_and_logs_nothing(client_for, people, typed):
    client = client_for("officer_north")
    with CaptureQueriesContext(connection) as queries:
        response = client.post(SEARCH, {"q": typed})
    assert not [q for q in queries.captured_queries if "people_person" in q["sql"]]
    assert response.status_code == 200
    assert response.context["form"].errors["q"]
    assert response.context["results"] is None
    assert not AccessEvent.objects.filter(action=AccessAction.SEARCH).exists()


def test_search_is_logged_with_its_terms(client_for, cast, people):
    response = client_for("officer_north").post(SEARCH, {"q": "Amelia Hartly"})
    assert "Amelia Hartley" in response.content.decode()
    event = AccessEvent.objects.get(action=AccessAction.SEARCH)
    assert event.actor_username == "officer_north"
    assert event.query == "Amelia Hartly"
    # Amelia and Amelie Hartley, and (close spellings, few found by keys) Amelia Hart and Harte
    assert event.detail == {"whole_force": False, "results": 4}


def test_a_get_never_searches(client_for, people):
    response = client_for("officer_north").get(SEARCH, {"q": "Amelia Hartley"})
    assert response.status_code == 200
    assert response.context["results"] is None
    assert not AccessEvent.objects.filter(action=AccessAction.SEARCH).exists()


def test_htmx_search_returns_only_the_panel(client_for, people):
    response = client_for("officer_north").post(SEARCH, {"q": "Amelia Hartley"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "<html" not in body
    assert 'id="search-panel"' in body and "Amelia Hartley" in body


WHOLE_FORCE_REASON = {
    "reason_code": "call_for_service",
    "reason_reference": "INC-4411",
    "reason_description": "at Northmoor station",
}
WHOLE_FORCE_REASON_TEXT = "Call for service / incident in progress: at Northmoor station (ref INC-4411)"


def test_whole_force_search_needs_a_reason(client_for, people):
    response = client_for("officer_north").post(SEARCH, {"q": "Oliver Pennington", "whole_force": "on"})
    errors = response.context["form"].errors
    assert "reason_code" in errors and "reason_reference" in errors
    assert not AccessEvent.objects.exists()


@pytest.mark.parametrize(
    ("reason", "field"),
    [
        ({"reason_code": "call_for_service", "reason_reference": "x"}, "reason_reference"),
        ({"reason_code": "call_for_service", "reason_reference": "...."}, "reason_reference"),
        ({"reason_code": "call_for_service", "reason_reference": "abcd"}, "reason_reference"),
        ({"reason_code": "because", "reason_reference": "INC-4411"}, "reason_code"),
        ({"reason_code": "other", "reason_reference": "INC-4411"}, "reason_description"),
    ],
)
def test_a_whole_force_search_with_a_token_reason_is_refused(client_for, people, reason, field):
    response = client_for("officer_north").post(
        SEARCH, {"q": "Oliver Pennington", "whole_force": "on", **reason}
    )
    assert field in response.context["form"].errors
    assert not AccessEvent.objects.exists()
    assert (
        client_for("officer_north").get(reverse("people:child", args=[people["oliver"].pk])).status_code
        == 404
    )


def test_force_wide_roles_are_not_offered_the_whole_force_box(client_for, people):
    response = client_for("safeguarding_unit").get(SEARCH)
    assert "whole_force" not in response.context["form"].fields


def test_out_of_district_child_is_hidden_until_a_reasoned_search(client_for, people):
    client = client_for("officer_north")
    oliver = people["oliver"]
    child_url = reverse("people:child", args=[oliver.pk])

    assert client.get(child_url).status_code == 404
    assert not AccessEvent.objects.filter(action=AccessAction.VIEW).exists()

    response = client.post(SEARCH, {"q": "Pennington", "whole_force": "on", **WHOLE_FORCE_REASON})
    assert "outside your districts" in response.content.decode()
    search_event = AccessEvent.objects.get(action=AccessAction.SEARCH)
    assert search_event.reason == WHOLE_FORCE_REASON_TEXT
    assert search_event.detail["whole_force"] is True
    assert search_event.detail["reason_code"] == "call_for_service"
    assert search_event.detail["reason_reference"] == "INC-4411"

    assert client.get(child_url).status_code == 200
    view = AccessEvent.objects.get(action=AccessAction.VIEW)
    assert view.outside_own_district is True
    assert view.reason == WHOLE_FORCE_REASON_TEXT
    assert view.detail["reason_code"] == "call_for_service" and view.detail["reason_reference"] == "INC-4411"
    assert view.district_id == oliver.district_id


def test_the_grant_expires(client_for, people, settings):
    settings.SESSION_INACTIVITY_SECONDS = 4 * 60 * 60  # the grant's own expiry, not the idle sign-out
    client = client_for("officer_north")
    child_url = reverse("people:child", args=[people["oliver"].pk])
    client.post(SEARCH, {"q": "Pennington", "whole_force": "on", **WHOLE_FORCE_REASON})
    with time_machine.travel(dt.datetime.now(tz=dt.UTC) + dt.timedelta(hours=2)):
        assert client.get(child_url).status_code == 404


def test_the_home_page_leads_searching_roles_to_find_a_child(client_for):
    # Each role has its own home page now (issue 25); the officer's links to the search.
    response = client_for("officer_north").get("/")
    assert response.status_code == 200
    assert reverse("people:search") in response.content.decode()
