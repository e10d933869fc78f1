"""Closing a case needs a supervisor's sign-off; reopening and reassigning are a supervisor's
(issue 17): asked with the outcome, signed off or returned with a reason, reopened with a reason,
each scope-checked and logged, each change of the case kept in its history."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from safeguarding.access.models import AccessAction, AccessEvent
from safeguarding.cases import closure, services
from safeguarding.cases.models import ChildOutcome, ClosureRequest, ClosureStatus
from safeguarding.cases.vocabulary import ParticipantRole
from safeguarding.force.models import Team
from safeguarding.records.models import RecordVersion
from tests.factories import at, make_case, make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(districts, cast):
    child = make_person(districts["north"], forename="Amelia", surname="Hartley")
    case = make_case(districts["north"], reported="2026-03-01", children=[child])
    services.entry_create(
        actor=cast["officer_north"],
        case=case,
        model=ChildOutcome,
        cleaned_data={"child": child, "occurred_at": at("2026-03-10"), "category": "removed_from_harm"},
    )
    return case


def _ask(client, case, outcome="Child safe with grandmother; suspect charged"):
    return client.post(reverse("cases:close", args=[case.pk]), {"outcome": outcome}, follow=True)


def test_an_officer_asks_and_a_supervisor_signs_off(client_for, case):
    asked = _ask(client_for("officer_north"), case)
    assert "waiting for a supervisor" in asked.content.decode()
    case.refresh_from_db()
    assert case.is_open
    request = ClosureRequest.objects.get(case=case)
    assert request.status == ClosureStatus.PENDING and request.outcome.startswith("Child safe")

    page = client_for("supervisor_north").get(reverse("cases:case", args=[case.pk])).content.decode()
    assert "Sign off and close" in page
    signed = client_for("supervisor_north").post(
        reverse("cases:closure_decide", args=[case.pk]), {"decision": "approve"}, follow=True
    )

    assert "signed off and closed" in signed.content.decode()
    case.refresh_from_db()
    request.refresh_from_db()
    assert not case.is_open and request.status == ClosureStatus.APPROVED
    assert request.decided_by.username == "supervisor_north"
    assert RecordVersion.objects.get(entity="case", object_id=case.pk).previous["closed_at"] is None


def test_an_officer_cannot_sign_off_nor_close_directly(client_for, cast, case):
    _ask(client_for("officer_north"), case)
    refused = client_for("officer_north").post(
        reverse("cases:closure_decide", args=[case.pk]), {"decision": "approve"}
    )
    assert refused.status_code == 403
    with pytest.raises(ValidationError, match="supervisor"):
        services.case_update(actor=cast["officer_north"], case=case, data={"closed_at": at("2026-03-12")})
    case.refresh_from_db()
    assert case.is_open


def test_nobody_signs_off_their_own_request(cast, case):
    request = closure.closure_request(actor=cast["supervisor_north"], case=case, outcome="Safe")
    with pytest.raises(ValidationError, match="Another supervisor"):
        closure.closure_approve(actor=cast["supervisor_north"], request=request)
    closure.closure_approve(actor=cast["safeguarding_unit"], request=request)
    case.refresh_from_db()
    assert not case.is_open


def test_a_supervisor_returns_the_request_with_a_reason(client_for, cast, case):
    _ask(client_for("officer_north"), case)
    client = client_for("supervisor_north")
    no_reason = client.post(
        reverse("cases:closure_decide", args=[case.pk]), {"decision": "return"}, follow=True
    )
    assert "Say why" in no_reason.content.decode()

    client.post(
        reverse("cases:closure_decide", args=[case.pk]),
        {"decision": "return", "reason": "Record the child's views first"},
    )

    request = ClosureRequest.objects.get(case=case)
    assert request.status == ClosureStatus.RETURNED and request.return_reason.startswith("Record")
    page = client_for("officer_north").get(reverse("cases:case", args=[case.pk])).content.decode()
    assert "Record the child&#x27;s views first" in page
    case.refresh_from_db()
    assert case.is_open
    # Asked again after the return: a new request.
    _ask(client_for("officer_north"), case)
    assert ClosureRequest.objects.filter(case=case, status=ClosureStatus.PENDING).count() == 1


def test_closing_still_needs_every_childs_outcome(cast, districts):
    child = make_person(districts["north"], forename="Isla", surname="Hartley")
    case = make_case(districts["north"], reported="2026-03-01", children=[child])
    with pytest.raises(ValidationError, match="Isla Hartley"):
        closure.closure_request(actor=cast["officer_north"], case=case, outcome="Safe")
    assert not ClosureRequest.objects.exists()


def test_reopening_needs_a_supervisor_and_a_reason(client_for, cast, case):
    services.case_close(actor=cast["supervisor_north"], case=case, closed_at=at("2026-03-11"))
    url = reverse("cases:reopen", args=[case.pk])
    assert client_for("officer_north").post(url, {"reason": "New disclosure"}).status_code == 403
    client_for("supervisor_north").post(url, {"reason": ""})
    case.refresh_from_db()
    assert not case.is_open

    client_for("supervisor_north").post(url, {"reason": "New disclosure at school"})

    case.refresh_from_db()
    assert case.is_open and case.version == 3
    event = AccessEvent.objects.filter(action=AccessAction.UPDATE, object_type="case").order_by("-id").first()
    assert event.reason == "New disclosure at school" and event.detail["reopened"] is True
    assert client_for("officer_south").post(url, {"reason": "x"}).status_code == 403


def test_reassigning_is_a_supervisors_in_scope_and_logged(client_for, cast, case, districts):
    team = Team.objects.filter(district=districts["north"]).first()
    url = reverse("cases:reassign", args=[case.pk])
    data = {"officer_in_charge": cast["officer_north"].pk, "team": team.pk, "version": case.version}
    assert client_for("officer_north").post(url, data).status_code == 403
    assert client_for("supervisor_south").post(url, data).status_code == 404

    client_for("supervisor_north").post(url, data)

    case.refresh_from_db()
    assert case.officer_in_charge == cast["officer_north"] and case.team == team
    event = AccessEvent.objects.filter(action=AccessAction.UPDATE, object_type="case").order_by("-id").first()
    assert event.detail["reassigned"] is True and event.actor_username == "supervisor_north"
    # An officer of another district cannot be put in charge (answered as a missing one).
    with pytest.raises(ValidationError):
        closure.case_reassign(
            actor=cast["supervisor_north"], case=case, officer_in_charge=cast["officer_south"], team=team
        )


def test_a_closed_case_hides_add_and_edit_but_shows_reopen_to_a_supervisor(client_for, cast, case):
    services.case_close(actor=cast["supervisor_north"], case=case, closed_at=at("2026-03-11"))
    officer_page = client_for("officer_north").get(reverse("cases:case", args=[case.pk])).content.decode()
    assert "Reopen this case" not in officer_page
    assert reverse("cases:entry_add", args=[case.pk, "incident"]) not in officer_page
    supervisor_page = (
        client_for("supervisor_north").get(reverse("cases:case", args=[case.pk])).content.decode()
    )
    assert "Reopen this case" in supervisor_page
    child = case.participants.get(role=ParticipantRole.SUBJECT_CHILD).person
    assert child.pk
