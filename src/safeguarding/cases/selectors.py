"""Reads of cases, always starting from the viewer's scope. Out of scope raises Http404."""

from dataclasses import dataclass

from django.db.models import Max
from django.shortcuts import get_object_or_404

from safeguarding.access.models import User
from safeguarding.access.roles import Permission
from safeguarding.cases.models import Case, CaseEntry, CaseParticipant, Incident
from safeguarding.cases.scoping import cases_visible_to
from safeguarding.cases.services import children_without_outcome
from safeguarding.cases.vocabulary import CHILD_ROLES
from safeguarding.people.models import Person


def case_for_viewer(viewer: User, case_id: int) -> Case:
    return get_object_or_404(
        cases_visible_to(viewer).select_related("district", "team", "officer_in_charge", "supervisor"),
        pk=case_id,
    )


def case_for_editor(viewer: User, case_id: int) -> Case:
    """A case the viewer may add to or change: in scope (404 otherwise) and EDIT_RECORDS."""
    if not viewer.can(Permission.EDIT_RECORDS):
        return get_object_or_404(Case.objects.none(), pk=case_id)
    return case_for_viewer(viewer, case_id)


def entry_for_editor(viewer: User, case: Case, model: type[CaseEntry], entry_id: int) -> CaseEntry:
    return get_object_or_404(model._default_manager.filter(case=case), pk=entry_id)


def entry_for_viewer(viewer: User, case: Case, model: type[CaseEntry], entry_id: int) -> CaseEntry:
    """An entry of a case the caller has already found in the viewer's scope (case_for_viewer)."""
    return get_object_or_404(
        model._default_manager.filter(case=case).select_related("child", "recorded_by"), pk=entry_id
    )


def case_participants(case: Case) -> list[CaseParticipant]:
    return list(
        case.participants.select_related("person").order_by("role", "person__surname", "person__forename")
    )


def case_closure_blockers(case: Case) -> list[Person]:
    return children_without_outcome(case) if case.is_open else []


@dataclass(frozen=True)
class ChildrenCount:
    """The children present are the children on the case; the caller's number stays as reported."""

    reported: int | None  # the largest number reported at an incident on the case; None: no incident
    on_case: int

    @property
    def mismatch(self) -> bool:
        return self.reported is not None and self.reported != self.on_case


def case_children_count(case: Case) -> ChildrenCount:
    reported = Incident.objects.filter(case=case).aggregate(n=Max("children_present"))["n"]
    on_case = case.participants.filter(role__in=CHILD_ROLES).values("person").distinct().count()
    return ChildrenCount(reported=reported, on_case=on_case)


@dataclass(frozen=True)
class RecentChild:
    person_id: int
    name: str
    case_id: int
    case_reference: str
    case_type_label: str
    updated_at: object


def recent_children_for(viewer: User, *, limit: int = 10) -> list[RecentChild]:
    """The children on the open cases the viewer is in charge of, the most recently changed case
    first (an officer's home page: back to the children they are working with)."""
    cases = list(
        cases_visible_to(viewer)
        .filter(officer_in_charge=viewer, closed_at__isnull=True)
        .order_by("-updated_at", "-pk")
        .only("pk", "reference", "case_type", "updated_at")[:limit]
    )
    participants = (
        CaseParticipant.objects.filter(case__in=cases, role__in=CHILD_ROLES)
        .select_related("person")
        .order_by("person__surname", "person__forename")
    )
    by_case: dict[int, list[Person]] = {}
    for participant in participants:
        by_case.setdefault(participant.case_id, []).append(participant.person)
    found: list[RecentChild] = []
    seen: set[int] = set()
    for case in cases:
        for person in by_case.get(case.pk, []):
            if person.pk in seen:
                continue
            seen.add(person.pk)
            found.append(
                RecentChild(
                    person_id=person.pk,
                    name=person.full_name,
                    case_id=case.pk,
                    case_reference=case.reference,
                    case_type_label=case.get_case_type_display(),
                    updated_at=case.updated_at,
                )
            )
    return found[:limit]
