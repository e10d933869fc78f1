import datetime as dt
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from safeguarding.access.models import AccessAction, AccessEvent
from safeguarding.cases.models import ENTRY_MODELS, Incident
from safeguarding.cases.timeline import child_timeline, entry_kind
from safeguarding.cases.vocabulary import IncidentKind, ParticipantRole
from safeguarding.people.models import Residence
from tests.cases.scene import child_with_history, entry, make_flag, one_of_every_kind
from tests.factories import at, make_address, make_case, make_person

pytestmark = pytest.mark.django_db

NOW = "2026-04-01T10:00:00+01:00"


@pytest.fixture
def scene(districts, cast):
    with time_machine.travel(NOW, tick=False):
        yield child_with_history(districts, recorded_by=cast["officer_north"])


def page(client, person):
    with time_machine.travel(NOW, tick=False):
        return client.get(reverse("people:child", args=[person.pk]))


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_flags_come_first_with_plan_category_and_dates(client_for, scene):
    response = page(client_for("officer_north"), scene["child"])
    body = text(response)
    warnings = body[body.index("Warnings") : body.index("Personal details")]
    assert "Child protection plan: Neglect" in warnings
    assert "since 10 Jan 2026" in warnings
    assert "At risk of sexual exploitation" in warnings
    assert warnings.count("At risk of sexual exploitation") == 1  # the ended CSE flag is not shown
    assert "Looked-after child" in warnings
    assert "Reported missing 2 times" in warnings
    assert "Darren Hartley" in warnings and "Registered sex offender" in warnings
    assert "Parent" in warnings and "Suspect in case" in warnings


def test_adults_sharing_the_household_who_pose_a_risk_are_linked(client_for, districts, cast):
    north = districts["north"]
    address = make_address(north)
    child = make_person(north, forename="Kai", surname="Brook", current_address=address)
    lodger = make_person(north, forename="Wayne", surname="Platt", date_of_birth="1970-03-03", is_child=False)
    Residence.objects.create(person=lodger, address=address)
    make_flag(lodger, "violent")
    harmless = make_person(
        north,
        forename="Sue",
        surname="Brook",
        date_of_birth="1980-01-01",
        is_child=False,
        current_address=address,
    )
    body = text(page(client_for("officer_north"), child))
    warnings = body[body.index("Warnings") : body.index("Personal details")]
    assert "Wayne Platt" in warnings and "Lives at the same address" in warnings
    assert harmless.full_name not in warnings
    assert "Sue Brook" in body[body.index("Household") :]


def test_viewing_is_logged(client_for, cast, scene):
    response = page(client_for("officer_north"), scene["child"])
    assert response.status_code == 200
    event = AccessEvent.objects.get(action=AccessAction.VIEW, object_type="person")
    assert (event.object_id, event.district_id, event.outside_own_district) == (
        str(scene["child"].pk),
        scene["child"].district_id,
        False,
    )


def test_other_district_gets_404_and_no_log(client_for, scene):
    response = page(client_for("officer_south"), scene["child"])
    assert response.status_code == 404
    assert not AccessEvent.objects.filter(action=AccessAction.VIEW).exists()


def test_person_of_another_district_in_my_case_is_visible_with_the_case_as_reason(client_for, districts):
    south_child = make_person(districts["south"], forename="Oliver", surname="Pennington")
    case = make_case(districts["north"], children=[south_child])
    response = page(client_for("officer_north"), south_child)
    assert response.status_code == 200
    event = AccessEvent.objects.get(action=AccessAction.VIEW)
    assert event.outside_own_district and case.reference in event.reason


def test_timeline_has_every_kind_newest_first(cast, scene):
    with time_machine.travel(NOW, tick=False):
        items = child_timeline(cast["officer_north"], scene["child"])
    kinds = {item.kind for item in items}
    assert kinds == {entry_kind(model) for model in ENTRY_MODELS}
    moments = [item.occurred_at for item in items]
    assert moments == sorted(moments, reverse=True)
    assert items[0].title.startswith("Missing episode")  # the 5 March episode is the latest
    assert all(item.case_reference == scene["case"].reference for item in items)
    assert all(item.recorded_by == "Officer Test" for item in items if item.kind != "missingepisode")


def test_timeline_leaves_out_other_childrens_entries_and_other_districts(cast, scene, districts):
    sibling = make_person(districts["north"], forename="Ruby", surname="Hartley", date_of_birth="2016-01-01")
    entry(Incident, scene["case"], at("2026-03-03"), child=sibling, kind=IncidentKind.NEGLECT)
    south_case = make_case(districts["south"], children=[scene["child"]])
    entry(Incident, south_case, at("2026-03-04"), kind=IncidentKind.ONLINE)

    items = child_timeline(cast["officer_north"], scene["child"])
    titles = [item.title for item in items]
    assert "Incident: Neglect" not in titles
    assert "Incident: Online abuse" not in titles
    # The safeguarding unit sees the whole force, the south case included, and can open it.
    force_items = child_timeline(cast["safeguarding_unit"], scene["child"])
    south = [item for item in force_items if item.title == "Incident: Online abuse"]
    assert south and south[0].case_linkable


def test_late_records_are_marked(client_for, scene):
    incident = scene["entries"]["incident"]
    Incident.objects.filter(pk=incident.pk).update(
        recorded_at=incident.occurred_at + dt.timedelta(days=3, hours=2)
    )
    body = text(page(client_for("officer_north"), scene["child"]))
    assert "recorded 3 days late" in body
    assert len(re.findall(r"recorded \d+ (?:hours|days) late", body)) == 1  # the others were on time


def test_timeline_queries_do_not_grow_with_the_number_of_entries(client_for, cast, scene, districts):
    client = client_for("officer_north")
    page(client, scene["child"])  # a session's first request also marks when it started
    with CaptureQueriesContext(connection) as before:
        page(client, scene["child"])
    for _ in range(3):
        another_case = make_case(districts["north"], children=[scene["child"]])
        one_of_every_kind(another_case, scene["child"], scene["father"], recorded_by=cast["supervisor_north"])
    with CaptureQueriesContext(connection) as after:
        response = page(client, scene["child"])
    assert len(after.captured_queries) == len(before.captured_queries)
    assert len(response.context["timeline"]) == 4 * len(ENTRY_MODELS) + 1


def test_suspects_in_the_childs_cases_are_linked_adults(client_for, districts):
    north = districts["north"]
    child = make_person(north, forename="Leah", surname="Moss")
    suspect = make_person(north, forename="Gary", surname="Fell", date_of_birth="1975-01-01", is_child=False)
    make_flag(suspect, "risk_to_children")
    make_case(north, children=[child], adults=[(suspect, ParticipantRole.SUSPECT)])
    body = text(page(client_for("supervisor_north"), child))
    warnings = body[body.index("Warnings") : body.index("Personal details")]
    assert "Gary Fell" in warnings and "Poses a risk to children" in warnings


def test_a_suspects_own_page_does_not_list_them_as_a_linked_adult(client_for, districts):
    north = districts["north"]
    child = make_person(north, forename="Leah", surname="Moss")
    suspect = make_person(north, forename="Gary", surname="Fell", date_of_birth="1975-01-01", is_child=False)
    make_flag(suspect, "risk_to_children")
    make_case(north, children=[child], adults=[(suspect, ParticipantRole.SUSPECT)])
    body = text(page(client_for("supervisor_north"), suspect))
    warnings = body[body.index("Warnings") : body.index("Personal details")]
    assert "Poses a risk to children" in warnings  # his own flag
    assert "Linked adults who pose a risk" not in warnings
