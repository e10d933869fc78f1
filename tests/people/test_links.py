"""Issue 16: relationships, households over time and other names, from the person's page and the
case's people page: scope-checked, logged, and the search finds an added alias at once."""

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from safeguarding.access.models import AccessAction, AccessEvent
from safeguarding.cases.models import CaseParticipant
from safeguarding.cases.vocabulary import CaseType, ParticipantRole
from safeguarding.people import services
from safeguarding.people.models import PersonAlias, PersonNameKey, Relationship, Residence
from safeguarding.people.selectors import household_history, parse_search, search_people
from safeguarding.people.vocabulary import RelationshipKind
from tests.factories import make_address, make_case, make_person

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.fixture
def family(districts):
    north = districts["north"]
    ruby = make_person(north, forename="Ruby", surname="Cole", date_of_birth="2016-05-01")
    leo = make_person(north, forename="Leo", surname="Cole", date_of_birth="2019-09-09")
    jade = make_person(north, forename="Jade", surname="Cole", date_of_birth="1990-01-15", is_child=False)
    case = make_case(
        north,
        case_type=CaseType.DOMESTIC_ABUSE,
        children=[ruby],
        adults=[(leo, ParticipantRole.CHILD_PRESENT), (jade, ParticipantRole.PARENT_CARER)],
    )
    return {"ruby": ruby, "leo": leo, "jade": jade, "case": case}


def test_the_mother_is_linked_from_the_childs_page_and_it_is_logged(client_for, cast, family):
    ruby, jade = family["ruby"], family["jade"]
    client = client_for("officer_north")
    page = client.get(reverse("people:links", args=[ruby.pk]))
    assert page.status_code == 200 and "Jade Cole" in text(page)
    response = client.post(
        reverse("people:links", args=[ruby.pk]),
        {"person": jade.pk, "kind": RelationshipKind.PARENT, "other": ruby.pk, "starts_on": ""},
    )
    assert response.status_code == 302
    link = Relationship.objects.get()
    assert (link.person, link.kind, link.other) == (jade, "parent", ruby)
    event = AccessEvent.objects.get(action=AccessAction.CREATE, object_type="relationship")
    assert event.actor_username == "officer_north" and event.detail["other_id"] == ruby.pk
    # On the child's page, as before, and on the links page with a way to take it off.
    assert "Jade Cole" in text(client.get(reverse("people:child", args=[ruby.pk])))
    assert "Jade Cole is the parent of Ruby Cole" in text(client.get(reverse("people:links", args=[ruby.pk])))


def test_a_link_must_involve_the_page_person_and_two_different_people(client_for, family):
    ruby, leo, jade = family["ruby"], family["leo"], family["jade"]
    client = client_for("officer_north")
    url = reverse("people:links", args=[ruby.pk])
    other_pair = client.post(url, {"person": jade.pk, "kind": "parent", "other": leo.pk})
    assert other_pair.status_code == 400 and "One of the two must be Ruby Cole" in text(other_pair)
    same = client.post(url, {"person": ruby.pk, "kind": "sibling", "other": ruby.pk})
    assert same.status_code == 400 and "Choose two different people" in text(same)
    assert not Relationship.objects.exists()


def test_a_duplicate_link_is_refused_by_the_service_naming_the_field(cast, family):
    actor = cast["officer_north"]
    services.relationship_add(actor=actor, person=family["ruby"], kind="sibling", other=family["leo"])
    with pytest.raises(ValidationError) as refusal:
        services.relationship_add(actor=actor, person=family["ruby"], kind="sibling", other=family["leo"])
    assert "already recorded as sibling" in refusal.value.message_dict["kind"][0]
    assert Relationship.objects.count() == 1


def test_an_officer_of_another_district_cannot_link_or_unlink(client_for, cast, family):
    with pytest.raises(ValidationError):
        services.relationship_add(
            actor=cast["officer_south"], person=family["jade"], kind="parent", other=family["ruby"]
        )
    link = services.relationship_add(
        actor=cast["officer_north"], person=family["jade"], kind="parent", other=family["ruby"]
    )
    south = client_for("officer_south")
    assert south.get(reverse("people:links", args=[family["ruby"].pk])).status_code == 404
    url = reverse("people:relationship_remove", args=[family["ruby"].pk, link.pk])
    assert south.post(url).status_code == 404
    assert Relationship.objects.filter(pk=link.pk).exists()
    # A reader who may not edit (the auditor) is refused outright.
    assert client_for("auditor").post(url).status_code == 403


def test_a_link_is_taken_off_and_logged(client_for, cast, family):
    link = services.relationship_add(
        actor=cast["officer_north"], person=family["jade"], kind="parent", other=family["ruby"]
    )
    client = client_for("officer_north")
    response = client.post(reverse("people:relationship_remove", args=[family["ruby"].pk, link.pk]))
    assert response.status_code == 302 and not Relationship.objects.exists()
    assert AccessEvent.objects.filter(action=AccessAction.ERASE, object_type="relationship").count() == 1


def test_the_children_and_mother_are_linked_from_the_case_people_page(client_for, family):
    case, ruby, leo, jade = family["case"], family["ruby"], family["leo"], family["jade"]
    client = client_for("officer_north")
    url = reverse("cases:link_people", args=[case.pk])
    assert (
        client.post(url, {"link-person": leo.pk, "link-kind": "sibling", "link-other": ruby.pk}).status_code
        == 302
    )
    assert (
        client.post(url, {"link-person": jade.pk, "link-kind": "parent", "link-other": leo.pk}).status_code
        == 302
    )
    CaseParticipant.objects.create(case=case, person=jade, role=ParticipantRole.VICTIM)
    page = text(client.get(reverse("cases:people", args=[case.pk])))
    assert "Leo Cole is the sibling of Ruby Cole" in page and "Jade Cole is the parent of Leo Cole" in page
    # Jade holds two roles but is offered once in each of the two choices.
    assert page.count(f'<option value="{jade.pk}"') == 2
    # Somebody not on the case cannot be chosen.
    stranger = make_person(case.district, forename="Sam", surname="Hill")
    refused = client.post(url, {"link-person": stranger.pk, "link-kind": "parent", "link-other": ruby.pk})
    assert refused.status_code == 400 and Relationship.objects.count() == 2


def test_household_over_time_shows_who_lived_there_at_the_same_time(cast, districts, family):
    north = districts["north"]
    ruby, jade = family["ruby"], family["jade"]
    old_flat = make_address(north, line1="2 Canal Row", postcode="NM2 2AA")
    home = make_address(north, line1="7 Weaver Street", postcode="NM3 3BB")
    lodger = make_person(north, forename="Gary", surname="Pike", date_of_birth="1970-03-03", is_child=False)
    earlier = make_person(north, forename="Tom", surname="Ash", date_of_birth="1960-01-01", is_child=False)
    d = dt.date
    Residence.objects.create(person=ruby, address=old_flat, starts_on=d(2016, 5, 1), ends_on=d(2022, 6, 30))
    Residence.objects.create(person=jade, address=old_flat, starts_on=d(2015, 1, 1), ends_on=d(2022, 6, 30))
    Residence.objects.create(person=ruby, address=home, starts_on=d(2022, 7, 1))
    Residence.objects.create(person=lodger, address=home, starts_on=d(2025, 1, 1))
    # Lived at the new home before Ruby came: not her household.
    Residence.objects.create(person=earlier, address=home, starts_on=d(2010, 1, 1), ends_on=d(2021, 12, 31))
    households = household_history(cast["officer_north"], ruby)
    assert [h.address.line1 for h in households] == ["7 Weaver Street", "2 Canal Row"]
    assert [m.person.forename for m in households[0].members] == ["Gary"]
    assert [m.person.forename for m in households[1].members] == ["Jade"]


def test_an_alias_is_added_and_found_by_the_search_then_removed(client_for, cast, family):
    ruby = family["ruby"]
    client = client_for("officer_north")
    response = client.post(
        reverse("people:alias_add", args=[ruby.pk]), {"forename": "Ruby", "surname": "Marsh"}
    )
    assert response.status_code == 302
    alias = PersonAlias.objects.get(person=ruby)
    assert alias.surname_key  # set by the model from the names module, not typed here
    assert PersonNameKey.objects.filter(person=ruby).count() > 0
    found = search_people(cast["officer_north"], parse_search("Ruby Marsh"))
    assert ruby.pk in [result.person.pk for result in found]
    assert AccessEvent.objects.filter(
        action=AccessAction.UPDATE, object_type="person", object_id=str(ruby.pk)
    ).exists()

    client.post(reverse("people:alias_remove", args=[ruby.pk, alias.pk]))
    assert not PersonAlias.objects.exists()
    found = search_people(cast["officer_north"], parse_search("Ruby Marsh"))
    assert ruby.pk not in [result.person.pk for result in found]


def test_an_alias_without_a_surname_is_refused_naming_the_field(client_for, family):
    response = client_for("officer_north").post(
        reverse("people:alias_add", args=[family["ruby"].pk]), {"forename": "Ruby", "surname": ""}
    )
    assert response.status_code == 400 and "Surname known by" in text(response)
    assert not PersonAlias.objects.exists()
