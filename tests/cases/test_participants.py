"""People in a case (issue 16): children present, victims, suspects, parents and other adults,
added from the search or created inline, taken off; another district's person only with a reason."""

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from safeguarding.access.models import AccessAction, AccessEvent
from safeguarding.access.reasons import AccessReason, reason_given
from safeguarding.cases import models as m
from safeguarding.cases import services
from safeguarding.cases.vocabulary import (
    CaseType,
    Demeanour,
    IncidentKind,
    ParticipantRole,
)
from safeguarding.people.models import Person
from safeguarding.standards.models import StandardResult
from tests.cases.scene import entry
from tests.factories import at, make_case, make_person

pytestmark = pytest.mark.django_db
NOW = "2026-03-03T09:00:00+00:00"
REASON = {"reason_code": "call_for_service", "reason_reference": "INC-2026-0412"}


@pytest.fixture
def case(districts):
    ruby = make_person(districts["north"], forename="Ruby", surname="Cole")
    made = make_case(districts["north"], reported="2026-03-02", children=[ruby])
    entry(m.Incident, made, at("2026-03-02", "22:00"), kind=IncidentKind.DOMESTIC_ABUSE, children_present=2)
    return made


def people_url(case, name="people", *args):
    return reverse(f"cases:{name}", args=[case.pk, *args])


def demeanour_states(case):
    return dict(
        StandardResult.objects.filter(case=case, standard_id="DEMEANOUR").values_list(
            "child__forename", "state"
        )
    )


@time_machine.travel(NOW, tick=False)
def test_a_second_child_present_is_judged_and_demeanour_met_only_when_every_child_is(cast, case, districts):
    officer = cast["officer_north"]
    ruby = case.participants.get().person
    leo = make_person(districts["north"], forename="Leo", surname="Cole")
    entry(
        m.DemeanourRecord,
        case,
        at("2026-03-02", "22:30"),
        child=ruby,
        demeanour=Demeanour.FEARFUL,
        seen_alone="yes",
    )
    services.participant_add(actor=officer, case=case, person=leo, role=ParticipantRole.CHILD_PRESENT)
    assert demeanour_states(case) == {"Ruby": "met", "Leo": "not_yet_due"}

    event = AccessEvent.objects.get(object_type="case_participant")
    assert (event.action, event.district_id, event.outside_own_district) == (
        AccessAction.CREATE,
        case.district_id,
        False,
    )
    assert event.detail == {"case_id": case.pk, "person_id": leo.pk, "role": "child_present"}

    services.entry_create(
        actor=officer,
        case=case,
        model=m.DemeanourRecord,
        cleaned_data={
            "occurred_at": at("2026-03-02", "22:30"),
            "child": leo,
            "demeanour": Demeanour.WITHDRAWN,
            "seen_alone": "yes",
        },
    )
    assert demeanour_states(case) == {"Ruby": "met", "Leo": "met"}


def test_an_adult_cannot_be_a_child_present_and_a_role_is_required(cast, case, districts):
    mother = make_person(districts["north"], forename="Jade", is_child=False, date_of_birth="1990-01-01")
    with pytest.raises(ValidationError) as refused:
        services.participant_add(actor=cast["officer_north"], case=case, person=mother, role="child_present")
    assert "role" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.participant_add(actor=cast["officer_north"], case=case, person=mother, role="subject_child")
    assert "role" in refused.value.message_dict
    assert case.participants.count() == 1
    assert not AccessEvent.objects.exists()


def test_the_same_person_twice_in_one_role_is_refused(cast, case, districts):
    mother = make_person(districts["north"], forename="Jade", is_child=False, date_of_birth="1990-01-01")
    services.participant_add(actor=cast["officer_north"], case=case, person=mother, role="parent_carer")
    with pytest.raises(ValidationError, match="already on this case"):
        services.participant_add(actor=cast["officer_north"], case=case, person=mother, role="parent_carer")
    services.participant_add(actor=cast["officer_north"], case=case, person=mother, role="victim")
    assert case.participants.filter(person=mother).count() == 2


def test_out_of_district_person_only_with_a_reason_logged_as_outside_access(cast, case, districts):
    suspect = make_person(districts["south"], forename="Darren", is_child=False, date_of_birth="1988-01-01")
    officer = cast["officer_north"]
    with pytest.raises(ValidationError) as refused:
        services.participant_add(actor=officer, case=case, person=suspect, role="suspect")
    assert "reason_code" in refused.value.message_dict
    with pytest.raises(ValidationError):
        services.participant_add(actor=officer, case=case, person=suspect, role="suspect", reason="free text")
    assert not AccessEvent.objects.exists()
    assert not case.participants.filter(person=suspect).exists()

    reason = reason_given(AccessReason.CALL_FOR_SERVICE, "INC-2026-0412")
    services.participant_add(actor=officer, case=case, person=suspect, role="suspect", reason=reason)
    outside = AccessEvent.objects.get(object_type="person")
    assert outside.outside_own_district
    assert outside.district_id == districts["south"].pk
    assert outside.reason == reason.text
    assert outside.detail == {"page": "participant_add", "case_id": case.pk, **reason.detail()}


def test_out_of_district_page_addition_needs_the_reason_else_not_found(client_for, cast, case, districts):
    suspect = make_person(districts["south"], forename="Darren", is_child=False, date_of_birth="1988-01-01")
    client = client_for("officer_north")
    url = people_url(case, "participant_add")
    assert client.post(url, {"person": suspect.pk, "role": "suspect"}).status_code == 404
    # A reason from the list without its reference is refused, and nothing is added.
    client.post(url, {"person": suspect.pk, "role": "suspect", "reason_code": "call_for_service"})
    assert not case.participants.filter(person=suspect).exists()
    response = client.post(url, {"person": suspect.pk, "role": "suspect", **REASON})
    assert response.status_code == 302
    assert case.participants.filter(person=suspect, role="suspect").exists()


def test_whole_force_search_on_the_people_page_needs_a_reason(client_for, case, districts):
    make_person(
        districts["south"], forename="Darren", surname="Cole", is_child=False, date_of_birth="1988-01-01"
    )
    client = client_for("officer_north")
    refused = client.post(people_url(case), {"q": "Darren Cole", "whole_force": "on"})
    assert refused.status_code == 400
    assert "Choose the reason from the list" in refused.content.decode()
    found = client.post(people_url(case), {"q": "Darren Cole", "whole_force": "on", **REASON})
    body = found.content.decode()
    assert "Darren Cole" in body and "outside your districts" in body
    assert 'name="reason_code" value="call_for_service"' in body
    assert 'name="reason_reference" value="INC-2026-0412"' in body
    search = AccessEvent.objects.filter(action=AccessAction.SEARCH).get()
    assert search.detail["reason_reference"] == "INC-2026-0412"


def test_a_new_person_created_inline_and_put_on_the_case_together(client_for, case, districts):
    client = client_for("officer_north")
    data = {
        "new-role": "parent_carer",
        "new-forename": "Jade",
        "new-surname": "Cole",
        "new-date_of_birth": "1990-01-15",
        "new-district": districts["north"].pk,
        "new-looked_after": "no",
    }
    assert client.post(people_url(case, "participant_new"), data).status_code == 302
    jade = Person.objects.get(forename="Jade")
    assert case.participants.filter(person=jade, role="parent_carer").exists()

    # An adult as a child present: the field is named and nothing is saved.
    bad = {**data, "new-forename": "Mark", "new-role": "child_present"}
    response = client.post(people_url(case, "participant_new"), bad)
    assert response.status_code == 400
    assert "A child present must be a child" in response.content.decode()
    assert not Person.objects.filter(forename="Mark").exists()


def test_subject_child_and_a_child_with_records_stay_on_the_case(cast, case, districts):
    officer = cast["officer_north"]
    subject = case.participants.get()
    with pytest.raises(ValidationError, match="cannot be taken off"):
        services.participant_remove(actor=officer, participant=subject)
    leo = make_person(districts["north"], forename="Leo")
    added = services.participant_add(actor=officer, case=case, person=leo, role="child_present")
    entry(m.ChildView, case, at("2026-03-02", "23:00"), child=leo, views="I was scared.")
    with pytest.raises(ValidationError, match="has records on this case"):
        services.participant_remove(actor=officer, participant=added)
    assert case.participants.filter(person=leo).exists()


def test_removal_is_logged_and_rejudged(cast, case, districts):
    officer = cast["officer_north"]
    leo = make_person(districts["north"], forename="Leo")
    added = services.participant_add(actor=officer, case=case, person=leo, role="child_present")
    assert "Leo" in demeanour_states(case)
    services.participant_remove(actor=officer, participant=added)
    assert "Leo" not in demeanour_states(case)
    removed = AccessEvent.objects.get(action=AccessAction.ERASE)
    assert removed.detail == {"case_id": case.pk, "person_id": leo.pk, "role": "child_present"}


def test_other_district_officer_cannot_reach_the_people_pages(client_for, case):
    client = client_for("officer_south")
    assert client.get(people_url(case)).status_code == 404
    assert (
        client.post(people_url(case, "participant_add"), {"person": 1, "role": "victim"}).status_code == 404
    )


def test_case_page_shows_the_reported_number_and_the_mismatch(client_for, case):
    body = client_for("officer_north").get(reverse("cases:case", args=[case.pk])).content.decode()
    assert "reported by the caller: 2" in body
    assert "The caller reported 2 children present but 1 is on the case" in body
    assert reverse("standards:case_panel", args=[case.pk]) in body


def test_case_type_other_than_domestic_abuse_is_not_judged_for_demeanour(cast, districts):
    child = make_person(districts["north"])
    other = make_case(districts["north"], case_type=CaseType.MISSING, children=[child])
    services.participant_add(
        actor=cast["officer_north"], case=other, person=make_person(districts["north"]), role="child_present"
    )
    assert not demeanour_states(other)
