"""Reads for the retention review: the safeguarding unit's worklist, a person's review, the
disposals. Scoped through the people the viewer may see (people.casework), so a record out of
scope is not found, as everywhere else."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from safeguarding.access.models import User
from safeguarding.cases.models import CaseParticipant
from safeguarding.people.casework import people_visible_to
from safeguarding.people.models import Person
from safeguarding.retention import mopi
from safeguarding.retention.models import Disposal, DisposalState, RetentionReview

WORKLIST_LIMIT = 200


def reviews_due(viewer: User, *, on: dt.date, limit: int = WORKLIST_LIMIT) -> list[RetentionReview]:
    """Reviews due on or before `on`, oldest first, of the people the viewer may see, with any
    disposal awaiting approval (the page says so rather than offering a second proposal)."""
    visible = people_visible_to(viewer).values("pk")
    reviews = list(
        RetentionReview.objects.filter(review_due__lte=on, person_id__in=visible)
        .select_related("person")
        .order_by("review_due", "person_id")[:limit]
    )
    proposed = set(
        Disposal.objects.filter(
            state=DisposalState.PROPOSED, person_id__in=[r.person_id for r in reviews]
        ).values_list("person_id", flat=True)
    )
    for review in reviews:
        review.disposal_proposed = review.person_id in proposed  # type: ignore[attr-defined]
    return reviews


def person_for_review(viewer: User, person_id: int) -> Person | None:
    return people_visible_to(viewer).filter(pk=person_id).first()


@dataclass(frozen=True)
class CaseGroup:
    case_id: int
    reference: str
    case_type: str
    role: str
    group: int
    closed: bool


def case_groups(person: Person) -> list[CaseGroup]:
    """Each of the person's cases with the MoPI group its type falls in (mopi.CASE_TYPE_GROUP)."""
    rows = (
        CaseParticipant.objects.filter(person=person)
        .select_related("case")
        .order_by("case__first_reported_at")
    )
    return [
        CaseGroup(
            case_id=row.case_id,
            reference=row.case.reference,
            case_type=row.case.get_case_type_display(),
            role=row.get_role_display(),
            group=mopi.CASE_TYPE_GROUP.get(row.case.case_type, mopi.RetentionGroup.OTHER),
            closed=row.case.closed_at is not None,
        )
        for row in rows
    ]


def disposals_for(viewer: User) -> QuerySet[Disposal]:
    """Proposals and tombstones. A tombstone names no one; a proposal is shown only while its
    person is visible to the viewer."""
    visible = people_visible_to(viewer).values("pk")
    return Disposal.objects.filter(
        ~Q(state=DisposalState.PROPOSED) | Q(person_id__in=visible)
    ).select_related("proposed_by", "decided_by")


def disposal_for(viewer: User, disposal_id: int) -> Disposal | None:
    disposal = Disposal.objects.select_related("proposed_by", "decided_by").filter(pk=disposal_id).first()
    if disposal is None:
        return None
    if disposal.state == DisposalState.PROPOSED and person_for_review(viewer, disposal.person_id) is None:
        return None
    return disposal
