"""Duplicates on create, the unit's duplicate list, merge with a second person's approval, undo."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from safeguarding.access.models import AccessAction, AccessEvent
from safeguarding.cases.models import CaseParticipant, Incident
from safeguarding.cases.vocabulary import IncidentKind, ParticipantRole
from safeguarding.firstcontact.names_corpus import FORENAMES
from safeguarding.people import merging
from safeguarding.people.duplicates import duplicate_pairs, likely_duplicates
from safeguarding.people.models import Flag, MergeState, Person, PersonAlias, Relationship, Residence
from safeguarding.people.vocabulary import FlagKind, RelationshipKind
from tests.factories import at, make_address, make_case, make_person
from tests.firstcontact.builders import flag, live_at, relate

pytestmark = pytest.mark.django_db


def _lily(districts, **fields):
    values = {"forename": "Lily", "surname": "Hartley", "date_of_birth": "2016-02-09", **fields}
    person = make_person(districts["north"], **values)
    return person


@pytest.fixture
def family(districts, cast):
    """The issue's Lily Hartley: held with her family's domestic abuse case and a linked suspect,
    then added again at the same address."""
    north = districts["north"]
    home = make_address(north, line1="4 Ash Row", postcode="NM2 7QT")
    lily = _lily(districts)
    live_at(lily, home)
    suspect = make_person(
        north, forename="Dean", surname="Hartley", date_of_birth="1988-06-01", is_child=False
    )
    relate(suspect, RelationshipKind.PARENT, lily)
    flag(suspect, FlagKind.DOMESTIC_ABUSE_PERPETRATOR)
    case = make_case(north, children=[lily], adults=[(suspect, ParticipantRole.SUSPECT)])
    incident = Incident.objects.create(
        case=case, child=lily, occurred_at=at("2026-03-02", "21:10"), kind=IncidentKind.DOMESTIC_ABUSE
    )
    again = _lily(districts, forename="Lilly")
    live_at(again, make_address(north, line1="4 Ash Row", postcode="NM2 7QT"))
    other_case = make_case(north, children=[again])
    flag(again, FlagKind.REPEAT_MISSING)
    return {
        "lily": lily,
        "again": again,
        "suspect": suspect,
        "case": case,
        "incident": incident,
        "other_case": other_case,
        "home": home,
    }


# --- Duplicate detection -----------------------------------------------------------------------


@pytest.mark.parametrize("forename", FORENAMES[:12])
def test_same_date_of_birth_and_name_is_a_likely_duplicate(districts, cast, forename):
    held = make_person(
        districts["north"], forename=forename, surname="Pennington", date_of_birth="2013-07-01"
    )
    make_person(districts["north"], forename=forename, surname="Pennington", date_of_birth="2001-01-01")
    found, hidden = likely_duplicates(
        cast["officer_north"],
        forename=forename.upper(),
        surname="pennington",
        date_of_birth=dt.date(2013, 7, 1),
    )
    assert [d.person for d in found] == [held] and hidden == 0
    assert found[0].confidence >= 0.9


def test_a_spelling_variant_with_the_same_date_of_birth_is_found(districts, cast):
    held = make_person(
        districts["north"], forename="Alexander", surname="Whitworth", date_of_birth="2012-03-04"
    )
    found, _ = likely_duplicates(
        cast["officer_north"], forename="Alex", surname="Whitworth", date_of_birth=dt.date(2012, 3, 4)
    )
    assert [d.person for d in found] == [held]


def test_same_name_and_address_without_a_date_of_birth(districts, cast):
    held = make_person(districts["north"], forename="Ruby", surname="Okafor", date_of_birth=None)
    live_at(held, make_address(districts["north"], line1="9 Fen Way", postcode="NM3 1AA"))
    elsewhere = make_person(districts["north"], forename="Ruby", surname="Okafor", date_of_birth=None)
    live_at(elsewhere, make_address(districts["north"], line1="2 Other St", postcode="NM9 9ZZ"))
    found, _ = likely_duplicates(
        cast["officer_north"], forename="Ruby", surname="Okafor", line1="9 fen way", postcode="nm31aa"
    )
    assert [d.person for d in found] == [held]


def test_a_different_person_of_the_same_date_of_birth_is_not_offered(districts, cast):
    make_person(districts["north"], forename="Oliver", surname="Pennington", date_of_birth="2014-05-06")
    found, hidden = likely_duplicates(
        cast["officer_north"], forename="Grace", surname="Mbeki", date_of_birth=dt.date(2014, 5, 6)
    )
    assert found == [] and hidden == 0


def test_a_duplicate_outside_the_district_is_counted_not_shown(districts, cast):
    make_person(districts["south"], forename="Isla", surname="Brennan", date_of_birth="2015-01-02")
    found, hidden = likely_duplicates(
        cast["officer_north"], forename="Isla", surname="Brennan", date_of_birth=dt.date(2015, 1, 2)
    )
    assert found == [] and hidden == 1


def _new_lily(client, districts, **extra):
    data = {
        "forename": "Lily",
        "surname": "Hartley",
        "date_of_birth": "2016-02-09",
        "is_child": "on",
        "looked_after": "no",
        "district": districts["north"].pk,
        "line1": "4 Ash Row",
        "town": "Northmoor",
        "postcode": "NM2 7QT",
        **extra,
    }
    return client.post(reverse("people:create"), data)


def test_creating_someone_held_shows_them_first(client_for, districts, family):
    before = Person.objects.count()
    response = _new_lily(client_for("officer_north"), districts)
    assert response.status_code == 200
    body = response.content.decode()
    assert "This person may already be held" in body and f'value="{family["lily"].pk}"' in body
    assert Person.objects.count() == before
    assert AccessEvent.objects.filter(action=AccessAction.SEARCH, detail__duplicate_check=True).exists()


def test_choosing_the_record_held_opens_it_and_adds_nothing(client_for, districts, family):
    before = Person.objects.count()
    response = _new_lily(client_for("officer_north"), districts, use_existing=str(family["lily"].pk))
    assert response.status_code == 302
    assert response.url == reverse("people:child", args=[family["lily"].pk])
    assert Person.objects.count() == before


def test_confirming_new_adds_and_records_what_was_offered(client_for, districts, family):
    before = Person.objects.count()
    response = _new_lily(client_for("officer_north"), districts, confirm_new="yes")
    assert response.status_code == 302
    assert Person.objects.count() == before + 1
    event = AccessEvent.objects.filter(action=AccessAction.CREATE, object_type="person").latest("pk")
    assert event.detail["confirmed_new"] is True
    assert family["lily"].pk in event.detail["duplicates_offered"]


def test_someone_new_is_added_at_once(client_for, districts, family):
    response = _new_lily(client_for("officer_north"), districts, forename="Evie", surname="Marsh")
    assert response.status_code == 302
    assert Person.objects.filter(surname="Marsh").count() == 1


def test_the_units_list_ranks_the_pair(cast, family, districts):
    make_person(districts["south"], forename="Reggie", surname="Foster", date_of_birth="2010-10-10")
    pairs = duplicate_pairs(cast["safeguarding_unit"])
    assert [(p.first, p.second) for p in pairs] == [(family["lily"], family["again"])]
    assert pairs[0].confidence > 0.8


def test_the_list_page_is_the_units_and_logged(client_for, family):
    response = client_for("safeguarding_unit").get(reverse("people:duplicates"))
    assert response.status_code == 200
    assert "Lilly Hartley" in response.content.decode()
    assert AccessEvent.objects.filter(action=AccessAction.SEARCH, detail__page="duplicates").exists()
    assert client_for("officer_north").get(reverse("people:duplicates")).status_code == 403


# --- Merge -------------------------------------------------------------------------------------


def _merged(cast, family):
    merge = merging.merge_request(
        actor=cast["officer_north"], survivor=family["lily"], merged=family["again"], reason="Same child"
    )
    return merging.merge_approve(actor=cast["safeguarding_unit"], merge=merge)


def test_merge_needs_a_second_person(cast, family):
    merge = merging.merge_request(
        actor=cast["safeguarding_unit"], survivor=family["lily"], merged=family["again"], reason="Same child"
    )
    with pytest.raises(ValidationError, match="Someone other"):
        merging.merge_approve(actor=cast["safeguarding_unit"], merge=merge)
    with pytest.raises(ValidationError, match="safeguarding unit approves"):
        merging.merge_approve(actor=cast["supervisor_north"], merge=merge)
    assert Person.objects.filter(pk=family["again"].pk).exists()
    merge.refresh_from_db()
    assert merge.state == MergeState.REQUESTED


def test_a_request_names_a_reason_and_two_people(cast, family):
    with pytest.raises(ValidationError) as refusal:
        merging.merge_request(
            actor=cast["officer_north"], survivor=family["lily"], merged=family["again"], reason=" "
        )
    assert "reason" in refusal.value.message_dict
    with pytest.raises(ValidationError):
        merging.merge_request(
            actor=cast["officer_north"], survivor=family["lily"], merged=family["lily"], reason="x"
        )
    with pytest.raises(ValidationError, match="No such person"):
        merging.merge_request(
            actor=cast["officer_south"], survivor=family["lily"], merged=family["again"], reason="x"
        )


def test_merge_moves_everything_and_keeps_the_names(cast, family):
    lily, again = family["lily"], family["again"]
    merge = _merged(cast, family)
    assert merge.state == MergeState.MERGED
    assert not Person.objects.filter(pk=again.pk).exists()
    assert set(CaseParticipant.objects.filter(person=lily).values_list("case_id", flat=True)) == {
        family["case"].pk,
        family["other_case"].pk,
    }
    assert set(Flag.objects.filter(person=lily).values_list("kind", flat=True)) == {FlagKind.REPEAT_MISSING}
    assert Residence.objects.filter(person=lily).count() == 2
    assert Relationship.objects.filter(other=lily, person=family["suspect"]).exists()
    assert PersonAlias.objects.filter(person=lily, forename="Lilly", surname="Hartley").exists()
    assert lily.name_keys.filter(key__contains="lilly").exists()
    steps = set(
        AccessEvent.objects.filter(action=AccessAction.COMBINE).values_list("object_id", "detail__step")
    )
    assert {(str(lily.pk), "requested"), (str(lily.pk), "merged"), (str(again.pk), "merged away")} <= steps


def test_undo_brings_both_back_and_leaves_new_records_with_the_survivor(cast, family):
    lily, again = family["lily"], family["again"]
    merge = _merged(cast, family)
    later = make_case(family["case"].district, children=[lily])
    merging.merge_undo(actor=cast["safeguarding_unit"], merge=merge)
    merge.refresh_from_db()
    assert merge.state == MergeState.UNDONE
    restored = Person.objects.get(pk=again.pk)
    assert restored.forename == "Lilly"
    assert list(CaseParticipant.objects.filter(person=restored).values_list("case_id", flat=True)) == [
        family["other_case"].pk
    ]
    assert set(CaseParticipant.objects.filter(person=lily).values_list("case_id", flat=True)) == {
        family["case"].pk,
        later.pk,
    }
    assert list(Flag.objects.filter(person=restored).values_list("kind", flat=True)) == [
        FlagKind.REPEAT_MISSING
    ]
    assert not PersonAlias.objects.filter(person=lily, forename="Lilly").exists()
    assert restored.name_keys.exists()
    with pytest.raises(ValidationError):
        merging.merge_undo(actor=cast["safeguarding_unit"], merge=merge)


def test_a_row_the_survivor_already_holds_is_removed_and_put_back(cast, districts, family):
    lily, again = family["lily"], family["again"]
    # Both records on the same case in the same role, and related to each other.
    CaseParticipant.objects.create(case=family["case"], person=again, role=ParticipantRole.SUBJECT_CHILD)
    relate(lily, RelationshipKind.SIBLING, again)
    merge = _merged(cast, family)
    assert CaseParticipant.objects.filter(case=family["case"], person=lily).count() == 1
    assert not Relationship.objects.filter(person=lily, other=lily).exists()
    assert len(merge.journal["removed"]) == 2
    merging.merge_undo(actor=cast["safeguarding_unit"], merge=merge)
    assert CaseParticipant.objects.filter(case=family["case"], person_id=again.pk).exists()
    assert Relationship.objects.filter(person=lily, other_id=again.pk, kind=RelationshipKind.SIBLING).exists()


def test_merge_pages_approve_and_undo(client_for, cast, family):
    lily, again = family["lily"], family["again"]
    asked = client_for("officer_north").post(
        reverse("people:merge_request", args=[lily.pk]), {"merged": again.pk, "reason": "Same child, typo"}
    )
    assert asked.status_code == 302
    merge = lily and merging.PersonMerge.objects.get()
    unit = client_for("safeguarding_unit")
    page = unit.get(reverse("people:merge", args=[merge.pk]))
    assert "Approve the merge" in page.content.decode()
    unit.post(reverse("people:merge", args=[merge.pk]), {"decision": "approve"})
    assert not Person.objects.filter(pk=again.pk).exists()
    unit.post(reverse("people:merge", args=[merge.pk]), {"decision": "undo"})
    assert Person.objects.filter(pk=again.pk).exists()


def test_the_api_offers_the_duplicates_before_creating(cast, districts, family):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(cast["officer_north"])
    body = {
        "forename": "Lily",
        "surname": "Hartley",
        "date_of_birth": "2016-02-09",
        "is_child": True,
        "district": districts["north"].code,
    }
    before = Person.objects.count()
    refused = client.post("/api/v1/people/", body, format="json")
    assert refused.status_code == 409
    assert family["lily"].pk in [d["id"] for d in refused.json()["duplicates"]]
    assert Person.objects.count() == before
    created = client.post("/api/v1/people/?confirm_new=true", body, format="json")
    assert created.status_code == 201
    event = AccessEvent.objects.filter(action=AccessAction.CREATE, object_type="person").latest("pk")
    assert event.detail["confirmed_new"] is True and family["lily"].pk in event.detail["duplicates_offered"]
