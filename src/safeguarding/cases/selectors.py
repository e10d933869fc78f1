"""Reads of cases, always starting from the viewer's scope. Out of scope raises Http404."""

from dataclasses import dataclass

from django.db.models import Max, Q, QuerySet
from django.shortcuts import get_object_or_404

from safeguarding.access.models import User
from safeguarding.access.roles import Permission, Scope
from safeguarding.cases.models import Case, CaseEntry, CaseParticipant, Incident
from safeguarding.cases.scoping import cases_visible_to
from safeguarding.cases.services import children_without_outcome
from safeguarding.cases.vocabulary import CHILD_ROLES
from safeguarding.force.models import District, Team
from safeguarding.people.models import Address, Person


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
    return get_object_or_404(model.objects.filter(case=case), pk=entry_id)


def entry_for_viewer(viewer: User, case: Case, model: type[CaseEntry], entry_id: int) -> CaseEntry:
    """An entry of a case the caller has already found in the viewer's scope (case_for_viewer)."""
    return get_object_or_404(
        model.objects.filter(case=case).select_related("child", "recorded_by"), pk=entry_id
    )


def case_participants(case: Case) -> list[CaseParticipant]:
    return list(
        case.participants.select_related("person").order_by("role", "person__surname", "person__forename")
    )


def case_children(case: Case) -> QuerySet[Person]:
    """Children the case is about: subject or present children, or anyone in it under 18."""
    return (
        Person.objects.filter(
            Q(case_roles__case=case) & (Q(case_roles__role__in=CHILD_ROLES) | Q(is_child=True))
        )
        .distinct()
        .order_by("forename", "surname")
    )


def case_people(case: Case) -> QuerySet[Person]:
    return Person.objects.filter(case_roles__case=case).distinct().order_by("surname", "forename")


def case_addresses(case: Case) -> QuerySet[Address]:
    """Addresses of the people in the case: the choices for an incident's address."""
    people = Person.objects.filter(case_roles__case=case)
    return Address.objects.filter(
        Q(pk__in=people.values("current_address")) | Q(residences__person__in=people)
    ).distinct()


def districts_for_new_case(viewer: User) -> QuerySet[District]:
    if viewer.scope == Scope.FORCE:
        return District.objects.all()
    return District.objects.filter(pk__in=viewer.district_ids())


def teams_for_new_case(viewer: User) -> QuerySet[Team]:
    return Team.objects.filter(district__in=districts_for_new_case(viewer)).select_related("district")


def officers_for_case(case: Case) -> QuerySet[User]:
    return User.objects.filter(districts=case.district, is_active=True).order_by("last_name", "first_name")


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
