"""Role and district scope, applied first by every selector that reads case data.

Out of scope looks like not found: callers use these querysets with get_object_or_404.
"""

from typing import Any

from django.db.models import Exists, Model, OuterRef, Q, QuerySet

from safeguarding.access.models import User
from safeguarding.access.roles import Permission, Scope
from safeguarding.cases.models import (
    Case,
    CaseEntry,
    CaseParticipant,
    CustodyDetention,
    Incident,
    Investigation,
    OffenderManagement,
)
from safeguarding.cases.vocabulary import CHILD_ROLES
from safeguarding.force.models import District, Team
from safeguarding.force.scoping import districts_editable_by
from safeguarding.people.models import Address, Flag, Person


def cases_visible_to(viewer: User) -> QuerySet[Case]:
    if not viewer.can(Permission.VIEW_CHILD_RECORD):
        return Case.objects.none()
    if viewer.scope == Scope.FORCE:
        return Case.objects.all()
    if viewer.scope == Scope.OWN_DISTRICTS:
        return Case.objects.filter(district_id__in=viewer.district_ids())
    if viewer.scope == Scope.AUDIT_CASES:
        return Case.objects.filter(pk__in=_audited_case_ids(viewer))
    return Case.objects.none()


def _audited_case_ids(viewer: User) -> QuerySet:
    """Cases in an audit the viewer is assigned to (audits.AuditAssignment). The force side reads
    only the self-assessed sample: an inspector's further cases are the inspectors' alone (the
    audit pages already hide them from the force). "sample" is audits.vocabulary.CaseScope.SAMPLE,
    written out so this lower floor does not import the audits app."""
    if viewer.can(Permission.GRADE_AS_INSPECTOR):
        return Case.objects.filter(audit_entries__audit__assignments__auditor=viewer).values("pk")
    # One filter() call: the assignment and the scope are of the same audit entry.
    return Case.objects.filter(
        audit_entries__audit__assignments__auditor=viewer, audit_entries__scope="sample"
    ).values("pk")


def people_visible_to(viewer: User) -> QuerySet[Person]:
    """People whose home district is the viewer's, or who are in a case of the viewer's districts."""
    if not viewer.can(Permission.VIEW_CHILD_RECORD):
        return Person.objects.none()
    if viewer.scope == Scope.FORCE:
        return Person.objects.all()
    if viewer.scope == Scope.OWN_DISTRICTS:
        districts = viewer.district_ids()
        in_district_case = CaseParticipant.objects.filter(
            person=OuterRef("pk"), case__district_id__in=districts
        )
        return Person.objects.filter(Q(district_id__in=districts) | Exists(in_district_case))
    if viewer.scope == Scope.AUDIT_CASES:
        on_audited_case = CaseParticipant.objects.filter(
            person=OuterRef("pk"), case_id__in=_audited_case_ids(viewer)
        )
        return Person.objects.filter(Exists(on_audited_case))
    return Person.objects.none()


def person_in_scope(viewer: User, person: Person) -> bool:
    return people_visible_to(viewer).filter(pk=person.pk).exists()


# --- What a user may point a record at ------------------------------------------------------
#
# Every foreign key a user can set (a person's district and address, a case's district, team,
# officer in charge and supervisor, the case of an entry, the child and people on it, ...) is
# checked against the querysets below, on every path: the page forms offer only these choices,
# the API resolves ids only among them, and the services refuse anything else (so an import or
# any new caller is held to the same rule). A record outside them answers exactly as a missing
# one does.


def districts_importable_by(actor: User) -> QuerySet[District]:
    """Districts a bulk import by `actor` may write into. The importers today (the safeguarding
    unit, the administrator who loads the force's extracts) load force-wide; a role limited to
    its own districts would load only into those."""
    if not actor.can(Permission.IMPORT_DATA):
        return District.objects.none()
    if actor.scope == Scope.OWN_DISTRICTS:
        return District.objects.filter(pk__in=actor.district_ids())
    return District.objects.all()


def cases_editable_by(actor: User) -> QuerySet[Case]:
    if not actor.can(Permission.EDIT_RECORDS):
        return Case.objects.none()
    return cases_visible_to(actor).filter(district__in=districts_editable_by(actor))


def people_editable_by(actor: User) -> QuerySet[Person]:
    """People whose record the actor may change or add to: in scope and allowed to edit."""
    if not actor.can(Permission.EDIT_RECORDS):
        return Person.objects.none()
    return people_visible_to(actor)


def addresses_settable_by(actor: User) -> QuerySet[Address]:
    """Addresses a person may be moved to: those of the actor's districts. Another district's
    address would put its household (names, years of birth) on a page of the actor's district."""
    return Address.objects.filter(district__in=districts_editable_by(actor))


def teams_settable_by(actor: User) -> QuerySet[Team]:
    return Team.objects.filter(district__in=districts_editable_by(actor)).select_related("district")


def officers_settable_by(actor: User) -> QuerySet[User]:
    """Officers a case or an entry may be given to: active staff of the actor's districts."""
    return User.objects.filter(
        pk__in=User.objects.filter(is_active=True, districts__in=districts_editable_by(actor)).values("pk")
    ).order_by("last_name", "first_name")


def staff_districts(user_ids) -> dict[int, set[int]]:
    """The districts each of these users works in: a case's officers work in its district."""
    works_in: dict[int, set[int]] = {pk: set() for pk in user_ids}
    for user_id, district_id in User.districts.through.objects.filter(user_id__in=list(works_in)).values_list(
        "user_id", "district_id"
    ):
        works_in[user_id].add(district_id)
    return works_in


# What a stage entry may point at, within its case (the entry forms' choices).


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


def officers_for_case(case: Case) -> QuerySet[User]:
    return User.objects.filter(districts=case.district, is_active=True).order_by("last_name", "first_name")


# Entry fields that point at another entry of the same case.
_ENTRY_LINKS: dict[str, type[CaseEntry]] = {
    "investigation": Investigation,
    "detention": CustodyDetention,
    "incident": Incident,
    "management": OffenderManagement,
}


def entry_choices(field: str, case: Case) -> QuerySet | None:
    """What an entry of `case` may point its field at; None if the field is not a reference a
    user sets. The case itself must already be one the actor may edit."""
    if field == "child":
        return case_children(case)
    if field in _ENTRY_LINKS:
        return _ENTRY_LINKS[field]._default_manager.filter(case=case).order_by("-occurred_at")
    if field in {"subject", "protected_person"}:
        return case_people(case)
    if field == "address":
        return case_addresses(case)
    if field == "team":
        return Team.objects.filter(district_id=case.district_id)
    if field in {"officer", "manager"}:
        return officers_for_case(case)
    return None


def settable_by(actor: User, model: type[Model], field: str, *, case: Case | None = None) -> QuerySet | None:
    """The records `actor` may point `model.field` at (None: not a reference a user sets).

    For a stage entry, pass its case (already checked against cases_editable_by) to get the
    case's own choices; without it, the widest set the actor could ever choose from."""
    if issubclass(model, CaseEntry):
        if field == "case":
            return cases_editable_by(actor)
        if case is not None:
            return entry_choices(field, case)
        wide = {
            "child": people_editable_by(actor),
            "subject": people_editable_by(actor),
            "protected_person": people_editable_by(actor),
            "team": teams_settable_by(actor),
            "officer": officers_settable_by(actor),
            "manager": officers_settable_by(actor),
        }
        if field in wide:
            return wide[field]
        if field == "address":
            return Address.objects.filter(
                Q(pk__in=people_editable_by(actor).values("current_address"))
                | Q(residences__person__in=people_editable_by(actor))
            ).distinct()
        if field in _ENTRY_LINKS:
            return _ENTRY_LINKS[field]._default_manager.filter(case__in=cases_editable_by(actor))
        return None
    if model is Person:
        return {
            "district": districts_editable_by(actor),
            "current_address": addresses_settable_by(actor),
        }.get(field)
    if model is Case:
        return {
            "district": districts_editable_by(actor),
            "team": teams_settable_by(actor),
            "officer_in_charge": officers_settable_by(actor),
            "supervisor": officers_settable_by(actor),
        }.get(field)
    if model is Flag:
        return {"person": people_editable_by(actor)}.get(field)
    return None


# The API's own answer for an id it cannot resolve: a record out of scope gets exactly this too.
NOT_FOUND = 'Invalid pk "{pk}" - object does not exist.'


def reference_problems(
    actor: User, model: type[Model], values: dict[str, Any], *, case: Case | None = None
) -> dict[str, list[str]]:
    """Refuse each reference in `values` the actor may not set, naming the field, in the same
    words as a missing record (no hint that it exists). Deny by default: a reference field with
    no rule in settable_by cannot be set by a user at all."""
    problems: dict[str, list[str]] = {}
    for name, value in values.items():
        if value is None:
            continue
        field = model._meta.get_field(name)
        if not field.is_relation:
            continue
        pk = value.pk if isinstance(value, Model) else value
        allowed = settable_by(actor, model, field.name, case=case)
        if allowed is None or not allowed.filter(pk=pk).exists():
            problems[field.name] = [NOT_FOUND.format(pk=pk)]
    return problems
