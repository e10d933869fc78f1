"""Issue 17: flags, relationships and a person's part in a case keep their history, each with its
own page (found through the person or case, scope-checked and logged like them); an edit moves
the record's updated_at on, so the API's incremental sync sees it."""

import datetime as dt

import pytest
from django.urls import reverse

from safeguarding.access.models import AccessEvent
from safeguarding.cases import services
from safeguarding.cases.models import Incident
from safeguarding.people import services as people_services
from safeguarding.people.models import Flag, Relationship
from safeguarding.records.models import RecordVersion
from tests.factories import at, make_case, make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def family(districts, cast):
    child = make_person(districts["north"], forename="Amelia", surname="Hartley")
    mother = make_person(districts["north"], forename="Jade", surname="Hartley", date_of_birth="1990-02-01")
    case = make_case(districts["north"], reported="2026-03-01", children=[child])
    flag = people_services.flag_create(
        actor=cast["officer_north"],
        person=child,
        data={
            "kind": "cp_plan",
            "cp_category": "neglect",
            "starts_on": dt.date(2026, 1, 10),
            "details": "ICPC",
        },
    )
    link = Relationship.objects.create(person=mother, kind="parent", other=child)
    return {"child": child, "mother": mother, "case": case, "flag": flag, "link": link}


def test_a_flag_edit_keeps_the_previous_values_and_its_page_shows_them(client_for, cast, family):
    flag = family["flag"]
    people_services.flag_update(actor=cast["officer_north"], flag=flag, data={"details": "ICPC, 12 Jan"})
    kept = RecordVersion.objects.get(entity="flag", object_id=flag.pk)
    assert kept.previous["details"] == "ICPC"

    url = reverse("people:record_history", args=[family["child"].pk, "flag", flag.pk])
    page = client_for("officer_north").get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "ICPC, 12 Jan" in text and "ICPC" in text
    assert AccessEvent.objects.filter(object_type="flag", object_id=flag.pk, detail__page="history").exists()
    # The child's page links to it, marked as edited.
    child_page = client_for("officer_north").get(reverse("people:child", args=[family["child"].pk]))
    assert url in child_page.content.decode() and "(edited)" in child_page.content.decode()


def test_history_pages_are_found_through_the_record_and_hidden_outside_the_district(client_for, family):
    child, link = family["child"], family["link"]
    relationship = reverse("people:record_history", args=[child.pk, "relationship", link.pk])
    participant = family["case"].participants.get(person=child)
    part = reverse("cases:participant_history", args=[family["case"].pk, participant.pk])

    assert client_for("officer_north").get(relationship).status_code == 200
    assert client_for("officer_north").get(part).status_code == 200
    assert client_for("officer_south").get(relationship).status_code == 404
    assert client_for("officer_south").get(part).status_code == 404
    # A flag of someone else, asked for through this child, is not there.
    other = make_person(child.district, forename="Noah", surname="Field")
    stranger = Flag.objects.create(
        person=other, kind="cse_risk", starts_on=dt.date(2026, 1, 1), recorded_at=at("2026-01-01", "09:00")
    )
    wrong = reverse("people:record_history", args=[child.pk, "flag", stranger.pk])
    assert client_for("officer_north").get(wrong).status_code == 404
    assert (
        client_for("officer_north")
        .get(reverse("people:record_history", args=[child.pk, "address", 1]))
        .status_code
        == 404
    )


def test_an_edit_through_the_services_moves_updated_at_on(cast, family):
    incident = Incident.objects.create(
        case=family["case"], occurred_at=at("2026-03-02", "21:00"), kind="domestic_abuse", children_present=1
    )
    before = Incident.objects.get(pk=incident.pk).updated_at
    services.entry_update(actor=cast["officer_north"], entry=incident, cleaned_data={"ppn_grade": "red"})
    assert Incident.objects.get(pk=incident.pk).updated_at > before
    flag_before = Flag.objects.get(pk=family["flag"].pk).updated_at
    people_services.flag_update(actor=cast["officer_north"], flag=family["flag"], data={"details": "later"})
    assert Flag.objects.get(pk=family["flag"].pk).updated_at > flag_before
