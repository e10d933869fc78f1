"""Reads of cases, always starting from the viewer's scope. Out of scope raises Http404."""

from django.shortcuts import get_object_or_404

from safeguarding.access.models import User
from safeguarding.access.roles import Permission
from safeguarding.cases.models import Case, CaseEntry, CaseParticipant
from safeguarding.cases.scoping import cases_visible_to
from safeguarding.cases.services import children_without_outcome
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


def case_participants(case: Case) -> list[CaseParticipant]:
    return list(
        case.participants.select_related("person").order_by("role", "person__surname", "person__forename")
    )


def case_closure_blockers(case: Case) -> list[Person]:
    return children_without_outcome(case) if case.is_open else []
