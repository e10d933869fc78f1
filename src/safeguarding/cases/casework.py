"""The cases floor's answers to people's questions (people/casework.py), supplied by
`CasesConfig.ready()`: people may not import cases, so cases hands them over."""

from typing import Any

from django.db.models import Model, QuerySet

from safeguarding.access.models import User
from safeguarding.cases import scoping, timeline
from safeguarding.cases.models import Case, CaseParticipant, MissingEpisode
from safeguarding.cases.vocabulary import ParticipantRole
from safeguarding.people.casework import PersonCases
from safeguarding.people.models import Person


def people_visible_to(viewer: User) -> QuerySet[Person]:
    return scoping.people_visible_to(viewer)


def people_editable_by(actor: User) -> QuerySet[Person]:
    return scoping.people_editable_by(actor)


def reference_problems(actor: User, model: type[Model], values: dict[str, Any]) -> dict[str, list[str]]:
    return scoping.reference_problems(actor, model, values)


def people_sharing_a_case_with(person: Person) -> QuerySet[Any]:
    """The ids of everyone on a case the person is on (the person among them)."""
    cases = CaseParticipant.objects.filter(person=person).values("case_id")
    return CaseParticipant.objects.filter(case_id__in=cases).values("person_id")


def latest_case_reference(viewer: User, person: Person) -> str | None:
    """The reference of the viewer's latest case that names the person, if any."""
    case = (
        scoping.cases_visible_to(viewer)
        .filter(participants__person=person)
        .order_by("-first_reported_at")
        .first()
    )
    return case.reference if case is not None else None


def person_cases(viewer: User, person: Person, *, granted: bool) -> PersonCases:
    """The person's cases for the child's page: those of the viewer's scope, or every one when
    the record was opened through a reasoned whole-force search (granted)."""
    case_ids = set(CaseParticipant.objects.filter(person=person).values_list("case_id", flat=True))
    linkable = set(scoping.cases_visible_to(viewer).filter(pk__in=case_ids).values_list("pk", flat=True))
    shown_ids = case_ids if granted else linkable
    cases: list[Model] = list(
        Case.objects.filter(pk__in=shown_ids)
        .select_related("district", "team", "officer_in_charge")
        .order_by("-first_reported_at")
    )
    suspects = (
        CaseParticipant.objects.filter(case_id__in=case_ids, role=ParticipantRole.SUSPECT)
        .exclude(person=person)
        .select_related("person", "case")
    )
    return PersonCases(
        cases=cases,
        linkable=linkable,
        hidden_count=len(case_ids) - len(shown_ids),
        case_ids=case_ids,
        suspects=[(participant.person, participant.case.reference) for participant in suspects],
        # A flag, like the others: counted across the force so the officer at the door knows.
        missing_count=MissingEpisode.objects.filter(child=person).count(),
    )


def child_timeline(viewer: User, child: Person, *, include_other_districts: bool) -> list[Any]:
    return list(timeline.child_timeline(viewer, child, include_other_districts=include_other_districts))
