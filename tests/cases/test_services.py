from unittest import mock

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse

from safeguarding.access.models import AccessAction, AccessEvent
from safeguarding.cases import models as m
from safeguarding.cases import services
from safeguarding.cases.vocabulary import CaseType, OutcomeCategory, ParticipantRole, YesNoNa
from tests.cases.scene import entry
from tests.factories import at, make_case, make_person

pytestmark = pytest.mark.django_db
NOW = "2026-04-01T10:00:00+01:00"


@pytest.fixture
def case(districts):
    twins = [
        make_person(districts["north"], forename="Amelia", surname="Hartley"),
        make_person(districts["north"], forename="Isla", surname="Hartley"),
    ]
    return make_case(districts["north"], reported="2026-03-01", children=twins)


def test_case_cannot_close_while_a_subject_child_lacks_an_outcome(cast, case):
    amelia, isla = (p.person for p in case.participants.order_by("person__forename"))
    entry(m.ChildOutcome, case, at("2026-03-20"), child=amelia, category=OutcomeCategory.PROTECTED_BY_PLAN)
    with pytest.raises(ValidationError, match="Isla Hartley") as refused:
        services.case_close(actor=cast["officer_north"], case=case)
    assert "Amelia" not in str(refused.value)
    case.refresh_from_db()
    assert case.is_open
    assert not AccessEvent.objects.exists()

    entry(m.ChildOutcome, case, at("2026-03-21"), child=isla, category=OutcomeCategory.PROTECTED_BY_PLAN)
    services.case_close(actor=cast["officer_north"], case=case)
    case.refresh_from_db()
    assert not case.is_open
    assert AccessEvent.objects.get().detail == {"fields": ["closed_at"]}


def test_close_button_refuses_with_a_clear_message(client_for, case):
    response = client_for("officer_north").post(
        reverse("cases:close", args=[case.pk]), {"outcome": "Both children safe"}, follow=True
    )
    body = response.content.decode()
    assert "cannot close" in body and "Isla Hartley" in body
    case.refresh_from_db()
    assert case.is_open


def test_close_page_is_post_only(client_for, case):
    assert client_for("officer_north").get(reverse("cases:close", args=[case.pk])).status_code == 405


def test_a_failing_constraint_saves_neither_entry_nor_log(cast, case):
    # The service checks the rule before the database would (the same rule as the form's).
    child = case.participants.first().person
    entry(m.ChildOutcome, case, at("2026-03-20"), child=child, category=OutcomeCategory.PROTECTED_BY_PLAN)
    with pytest.raises(ValidationError) as refused:
        services.entry_create(
            actor=cast["officer_north"],
            case=case,
            model=m.ChildOutcome,
            cleaned_data={
                "occurred_at": at("2026-03-21"),
                "child": child,
                "category": OutcomeCategory.REMOVED_FROM_HARM,
            },
        )
    assert "child" in refused.value.message_dict
    assert m.ChildOutcome.objects.count() == 1
    assert not AccessEvent.objects.exists()


def test_a_check_constraint_saves_nothing(cast, case):
    child = case.participants.first().person
    with pytest.raises(ValidationError) as refused:
        services.entry_create(
            actor=cast["officer_north"],
            case=case,
            model=m.DemeanourRecord,
            # not seen alone with no reason: demeanour_not_alone_has_reason
            cleaned_data={
                "occurred_at": at("2026-03-21"),
                "child": child,
                "demeanour": "calm",
                "seen_alone": YesNoNa.NO,
                "seen_alone_reason": "",
            },
        )
    assert "seen_alone_reason" in refused.value.message_dict
    assert not m.DemeanourRecord.objects.exists()
    assert not AccessEvent.objects.exists()


def test_when_the_log_fails_the_entry_is_rolled_back(cast, case):
    log_refused = mock.patch("safeguarding.cases.services.access_record", side_effect=IntegrityError("log"))
    with log_refused, pytest.raises(IntegrityError):
        services.entry_create(
            actor=cast["officer_north"],
            case=case,
            model=m.CaseNote,
            cleaned_data={"occurred_at": at("2026-03-21"), "kind": "general", "text": "Called school"},
        )
    assert not m.CaseNote.objects.exists()


def test_update_with_no_change_writes_no_log(cast, case):
    note = entry(m.CaseNote, case, at("2026-03-21"), kind="general", text="Called school")
    changed = services.entry_update(
        actor=cast["officer_north"],
        entry=note,
        cleaned_data={"occurred_at": note.occurred_at, "text": note.text},
    )
    assert changed == [] and not AccessEvent.objects.exists()


def test_new_case_for_a_child(client_for, cast, districts):
    child = make_person(districts["north"])
    team = districts["north"].teams.get(kind="child_abuse")
    data = {
        "case_type": CaseType.CP_ENQUIRY,
        "district": districts["north"].pk,
        "team": team.pk,
        "first_reported_at": "2026-03-30T09:15",
        "summary": "School reported bruising",
    }
    with time_machine.travel(NOW, tick=False):
        response = client_for("officer_north").post(reverse("cases:create", args=[child.pk]), data)
    case = m.Case.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("cases:case", args=[case.pk])
    assert case.reference == "NM26-0000001"  # the force format (cases.references)
    assert case.officer_in_charge == cast["officer_north"] and case.created_by == cast["officer_north"]
    assert case.participants.get().person == child
    assert case.participants.get().role == ParticipantRole.SUBJECT_CHILD
    event = AccessEvent.objects.get(action=AccessAction.CREATE)
    assert (event.object_type, event.object_id) == ("case", str(case.pk))


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"district": "south"}, "district"),  # not one of the officer's districts
        ({"team": "south"}, "team"),
        ({"first_reported_at": "2026-05-01T09:00"}, "first_reported_at"),
        ({"case_type": "burglary"}, "case_type"),
    ],
)
def test_new_case_form_rejects_bad_input(client_for, districts, overrides, field):
    child = make_person(districts["north"])
    data = {
        "case_type": CaseType.CP_ENQUIRY,
        "district": districts["north"].pk,
        "team": districts["north"].teams.first().pk,
        "first_reported_at": "2026-03-30T09:15",
    }
    if overrides.get("district") == "south":
        overrides["district"] = districts["south"].pk
    if overrides.get("team") == "south":
        overrides["team"] = districts["south"].teams.first().pk
    data.update(overrides)
    with time_machine.travel(NOW, tick=False):
        response = client_for("officer_north").post(reverse("cases:create", args=[child.pk]), data)
    assert field in response.context["form"].errors
    assert not m.Case.objects.exists()
    # Nothing written; the form shown again with the child's name is a consultation.
    assert list(AccessEvent.objects.values_list("action", flat=True)) == [AccessAction.VIEW]


def test_case_page_is_logged_and_shows_its_timeline(client_for, case):
    entry(m.Incident, case, at("2026-03-01", "21:00"), kind="domestic_abuse", children_present=2)
    response = client_for("supervisor_north").get(reverse("cases:case", args=[case.pk]))
    body = response.content.decode()
    assert "Incident: Domestic abuse" in body and "Isla Hartley" in body
    event = AccessEvent.objects.get(action=AccessAction.VIEW)
    assert (event.object_type, event.object_id, event.district_id) == ("case", str(case.pk), case.district_id)


def test_case_page_of_another_district_is_not_found_and_only_the_refusal_is_logged(client_for, case):
    assert client_for("officer_south").get(reverse("cases:case", args=[case.pk])).status_code == 404
    event = AccessEvent.objects.get()
    assert (event.action, event.object_type, event.object_id) == (
        AccessAction.NOT_FOUND,
        "case",
        str(case.pk),
    )
