"""Who may review, propose and approve (issue 23): the safeguarding unit only; the approver is
never the proposer; anyone else is refused (403), a record that does not exist is not found."""

import datetime as dt

import pytest
from django.urls import reverse

from safeguarding.access.models import User
from safeguarding.access.roles import Role
from safeguarding.cases.vocabulary import CaseType
from safeguarding.people.models import Person
from safeguarding.retention.models import (
    Decision,
    Disposal,
    DisposalState,
    RetentionDecision,
    RetentionReview,
)
from tests.factories import at, make_case, make_person
from tests.signin import verified_client

pytestmark = pytest.mark.django_db
OTHERS = ("officer_north", "supervisor_north", "auditor", "inspector", "pcc_analyst", "data_manager", "admin")


@pytest.fixture
def child(districts):
    person = make_person(districts["north"], forename="Tamsin", surname="Orrell", date_of_birth="2003-02-01")
    make_case(
        districts["north"],
        case_type=CaseType.MISSING,
        reported="2012-01-01",
        children=[person],
        closed_at=at("2012-02-01"),
    )
    return person


@pytest.fixture
def unit_two(districts):
    return User.objects.create_user(
        username="unit_two", password="test-password-123", role=Role.SAFEGUARDING_UNIT
    )


def test_the_worklist_lists_a_record_due_with_its_group(client_for, child):
    page = client_for("safeguarding_unit").get(reverse("retention:worklist"))
    assert page.status_code == 200
    assert "no records are due" in page.content.decode().lower()  # nothing computed yet
    from safeguarding.retention.services import reviews_compute

    reviews_compute()
    page = client_for("safeguarding_unit").get(reverse("retention:worklist"))
    assert "Tamsin Orrell" in page.content.decode() and "Group 3" in page.content.decode()


def test_retain_records_the_reason_and_next_review(client_for, child):
    next_review = dt.date.today() + dt.timedelta(days=400)
    response = client_for("safeguarding_unit").post(
        reverse("retention:review", args=[child.pk]),
        {
            "decision": "retain",
            "retain-reason": "Sibling case still open",
            "retain-next_review_on": next_review,
        },
    )
    assert response.status_code == 302
    review = RetentionReview.objects.get(person=child)
    assert review.review_due == next_review
    assert RetentionDecision.objects.get(review=review).decision == Decision.RETAIN


def test_retain_needs_a_future_date_and_says_so(client_for, child):
    response = client_for("safeguarding_unit").post(
        reverse("retention:review", args=[child.pk]),
        {"decision": "retain", "retain-reason": "Kept", "retain-next_review_on": "2001-01-01"},
    )
    assert response.status_code == 200 and "after today" in response.content.decode()
    assert not RetentionDecision.objects.exists()


@pytest.mark.parametrize("username", OTHERS)
def test_nobody_else_reviews_proposes_or_approves(cast, child, username):
    client = verified_client(cast[username], stepped_up=True)
    proposal = reverse("retention:review", args=[child.pk])
    assert client.post(proposal, {"decision": "propose", "propose-reason": "x"}).status_code == 403
    disposal = Disposal.objects.create(
        person_id=child.pk,
        district=child.district,
        group=3,
        review_due=dt.date(2018, 1, 1),
        reason="x",
        proposed_by=cast["safeguarding_unit"],
        proposed_at=at("2026-01-01"),
    )
    assert (
        client.post(reverse("retention:disposal", args=[disposal.pk]), {"decision": "approve"}).status_code
        == 403
    )
    assert Person.objects.filter(pk=child.pk).exists()


def test_proposer_cannot_approve_a_second_unit_member_can(client_for, cast, child, unit_two):
    unit = client_for("safeguarding_unit")
    response = unit.post(
        reverse("retention:review", args=[child.pk]),
        {"decision": "propose", "propose-reason": "Six years clear"},
    )
    disposal = Disposal.objects.get(person_id=child.pk)
    assert response.status_code == 302 and disposal.state == DisposalState.PROPOSED
    unit.post(reverse("retention:disposal", args=[disposal.pk]), {"decision": "approve"})
    disposal.refresh_from_db()
    assert disposal.state == DisposalState.PROPOSED and Person.objects.filter(pk=child.pk).exists()
    second = verified_client(unit_two, stepped_up=True)
    assert (
        second.post(reverse("retention:disposal", args=[disposal.pk]), {"decision": "approve"}).status_code
        == 302
    )
    disposal.refresh_from_db()
    assert disposal.state == DisposalState.DISPOSED and disposal.decided_by == unit_two
    assert not Person.objects.filter(pk=child.pk).exists()
    # The tombstone page names no one.
    page = second.get(reverse("retention:disposal", args=[disposal.pk]))
    assert (
        page.status_code == 200
        and "Tamsin" not in page.content.decode()
        and "Orrell" not in page.content.decode()
    )


def test_a_missing_person_or_disposal_is_not_found(client_for):
    unit = client_for("safeguarding_unit")
    assert unit.get(reverse("retention:review", args=[987654])).status_code == 404
    assert unit.get(reverse("retention:disposal", args=[987654])).status_code == 404
