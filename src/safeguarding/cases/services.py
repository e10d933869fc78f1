"""Writes to cases and their stage entries. Each is atomic and writes its access-log event in the
same transaction: the record and its trail land together or not at all."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from safeguarding.access.labels import record_type
from safeguarding.access.models import AccessAction, User
from safeguarding.access.reasons import GivenReason
from safeguarding.access.roles import Permission
from safeguarding.access.services import access_record
from safeguarding.cases.hooks import cases_changed, entry_recorded
from safeguarding.cases.models import (
    ENTRY_MODELS,
    Case,
    CaseEntry,
    CaseParticipant,
    ChildOutcome,
    InformedOfDecision,
)
from safeguarding.cases.references import next_reference
from safeguarding.cases.scoping import (
    NOT_FOUND,
    cases_editable_by,
    people_editable_by,
    reference_problems,
)
from safeguarding.cases.validators import ENTRY_SYSTEM_FIELDS, case_problems, entry_problems
from safeguarding.cases.vocabulary import ADDABLE_ROLES, CHILD_ROLES, ParticipantRole
from safeguarding.people.models import Person
from safeguarding.people.validators import Problems, changed_values, merged, values_after
from safeguarding.records.history import snapshot, stale_check, version_kept, with_updated_at

ENTRY_PROTECTED_FIELDS = {"id", "version", *ENTRY_SYSTEM_FIELDS}
# What the standards allow on a closed case (ADR 0002: OUTCOME and the child being told can be met
# after closure); everything else on a closed case is read-only.
ALLOWED_AFTER_CLOSURE: tuple[type[CaseEntry], ...] = (ChildOutcome, InformedOfDecision)
SUPERVISOR_DECIDES = (
    "Only a supervisor can change this: closing needs their sign-off, and they reassign cases."
)
CLOSED = "Case {reference} is closed: its records are read-only. A supervisor can reopen it."


def closed_problems(case: Case, model: type | None = None) -> Problems:
    """A closed case takes no new or changed records, except the kinds allowed after closure."""
    if case.is_open or (model is not None and issubclass(model, ALLOWED_AFTER_CLOSURE)):
        return {}
    return {"case": [CLOSED.format(reference=case.reference)]}


def _refuse(*checks: Problems) -> None:
    """Refuse the write, naming each field, before anything is saved or logged."""
    problems = merged(*checks)
    if problems:
        raise ValidationError(problems)


def _case_in_scope(actor: User, case: Case) -> Problems:
    if case.pk is not None and cases_editable_by(actor).filter(pk=case.pk).exists():
        return {}
    return {"case": [NOT_FOUND.format(pk=case.pk)]}


def entry_create(
    *, actor: User, case: Case, model: type[CaseEntry], cleaned_data: dict[str, Any]
) -> CaseEntry:
    """A new entry on the case. The case must be one the actor may edit, every record the entry
    points at one of the case's own (cases/scoping.py), and the values keep the entry rules
    (cases/validators.py); otherwise nothing is saved or logged."""
    values = {name: value for name, value in cleaned_data.items() if name not in ENTRY_PROTECTED_FIELDS}
    entry = model(case=case, recorded_by=actor, recorded_at=timezone.now(), **values)
    _refuse(_case_in_scope(actor, case))
    _refuse(closed_problems(case, model))
    _refuse(
        reference_problems(actor, model, values, case=case),
        entry_problems(model, values_after(entry, {}), case=case),
    )
    with transaction.atomic():
        entry.save()
        access_record(
            actor=actor,
            action=AccessAction.CREATE,
            object_type=record_type(model),
            object_id=entry.pk,
            district_id=case.district_id,
            # Field names only: values are personal data and stay out of the log.
            detail={"fields": sorted(values), "case_id": case.pk},
        )
        # The worklist and the case's standards follow the record at once (issue 4: acting clears it).
        cases_changed([case.pk])
        entry_recorded(entry)
    return entry


def entry_update(
    *, actor: User, entry: CaseEntry, cleaned_data: dict[str, Any], seen_version: int | None = None
) -> list[str]:
    """Apply the changes and log which fields changed; returns their names. Held to the same
    scope and rules as entry_create; an entry never moves to another case. With `seen_version`
    (the form's, the API's If-Match) a save against a version since replaced is refused
    (records/history.StaleRecord): nobody's change is lost."""
    case = entry.case
    before = snapshot(entry)
    _refuse(_case_in_scope(actor, case))
    stale_check(entry, seen_version)
    _refuse(closed_problems(case, type(entry)))
    moved = cleaned_data.get("case")
    if moved is not None and getattr(moved, "pk", moved) != entry.case_id:
        _refuse({"case": ["An entry cannot move to another case."]})
    data = {name: value for name, value in cleaned_data.items() if name not in ENTRY_PROTECTED_FIELDS}
    changes = changed_values(entry, data)
    _refuse(
        reference_problems(actor, type(entry), changes, case=case),
        entry_problems(type(entry), values_after(entry, changes), case=case, instance_pk=entry.pk),
    )
    for name, value in changes.items():
        setattr(entry, name, value)
    changed = list(changes)
    if not changed:
        return []
    with transaction.atomic():
        version_kept(actor=actor, record=entry, before=before, seen_version=seen_version)
        entry.save(update_fields=with_updated_at(entry, changed))
        access_record(
            actor=actor,
            action=AccessAction.UPDATE,
            object_type=record_type(entry),
            object_id=entry.pk,
            district_id=entry.case.district_id,
            detail={"fields": sorted(changed), "case_id": entry.case_id},
        )
        cases_changed([entry.case_id])
    return changed


def case_create(*, actor: User, child: Person | None, cleaned_data: dict[str, Any]) -> Case:
    """A new case with the child as its subject; the creating officer is in charge unless the
    data names one. Its district, team and officers must be ones the actor may set
    (cases/scoping.py) and its values keep the case rules (cases/validators.py). A reference
    given (the API's, from another system) is kept; otherwise the next one is allocated."""
    data = dict(cleaned_data)
    case = Case(created_by=actor, **data)
    if "officer_in_charge" not in data and actor.role in {"officer", "supervisor"}:
        case.officer_in_charge = actor
    _refuse(
        {} if case.district_id else {"district": ["This field is required."]},
        reference_problems(actor, Case, data),
        {}
        if child is None or people_editable_by(actor).filter(pk=child.pk).exists()
        else {"child": [NOT_FOUND.format(pk=child.pk)]},
    )
    _refuse(case_problems(values_after(case, {})))
    given_reference = data.get("reference")
    for attempt in range(1 if given_reference else 5):
        try:
            with transaction.atomic():
                if not given_reference:
                    case.reference = next_reference(case)
                    if attempt:
                        case.reference += f"-{attempt}"
                case.save()
                if child is not None:
                    CaseParticipant.objects.create(
                        case=case, person=child, role=ParticipantRole.SUBJECT_CHILD
                    )
                access_record(
                    actor=actor,
                    action=AccessAction.CREATE,
                    object_type=record_type(Case),
                    object_id=case.pk,
                    object_label=case.reference,
                    district_id=case.district_id,
                    detail={"fields": sorted(data), "child_id": child.pk if child else None},
                )
                cases_changed([case.pk])
            return case
        except IntegrityError:
            if given_reference:
                raise
            # Two officers took the same reference at once: try the next one.
            case.pk = None
            continue
    raise IntegrityError("Could not allocate a case reference")


def case_update(
    *, actor: User, case: Case, data: dict[str, Any], seen_version: int | None = None
) -> list[str]:
    """Change a case: held to the same scope and rules as case_create. Closing it this way
    keeps the rules of case_close (every subject child's outcome first). A closed case is not
    changed; a stale `seen_version` is refused (records/history.StaleRecord)."""
    if not cases_editable_by(actor).filter(pk=case.pk).exists():
        raise ValidationError({"id": ["No such case."]})
    before = snapshot(case)
    stale_check(case, seen_version)
    _refuse(closed_problems(case))
    changes = changed_values(case, data)
    # Closing, and who holds the case, are a supervisor's decisions (cases/closure.py).
    supervised = sorted({"closed_at", "officer_in_charge", "team"} & set(changes))
    if supervised and not actor.can(Permission.SUPERVISE_CASES):
        _refuse({name: [SUPERVISOR_DECIDES] for name in supervised})
    closing: Problems = {}
    if "closed_at" in changes:
        if changes["closed_at"] is None or not case.is_open:
            closing = {"closed_at": ["A closed case is not reopened or re-dated here."]}
        else:
            closing = {"closed_at": _closing_problems(case, changes["closed_at"])}
    _refuse(
        reference_problems(actor, Case, changes),
        case_problems(values_after(case, changes), touched=set(changes)),
        {name: messages for name, messages in closing.items() if messages},
    )
    if not changes:
        return []
    for name, value in changes.items():
        setattr(case, name, value)
    with transaction.atomic():
        version_kept(actor=actor, record=case, before=before, seen_version=seen_version)
        case.save(update_fields=with_updated_at(case, changes))
        access_record(
            actor=actor,
            action=AccessAction.UPDATE,
            object_type="case",
            object_id=case.pk,
            object_label=case.reference,
            district_id=case.district_id,
            detail={"fields": sorted(changes)},
        )
        cases_changed([case.pk])
    return sorted(changes)


def children_without_outcome(case: Case) -> list[Person]:
    subjects = Person.objects.filter(
        case_roles__case=case, case_roles__role=ParticipantRole.SUBJECT_CHILD
    ).distinct()
    with_outcome = ChildOutcome.objects.filter(case=case).values("child_id")
    return list(subjects.exclude(pk__in=with_outcome).order_by("forename", "surname"))


def _closing_problems(case: Case, closed_at) -> list[str]:
    missing = children_without_outcome(case)
    if missing:
        names = ", ".join(child.full_name for child in missing)
        return [f"This case cannot close: record the outcome for {names} first (OUTCOME standard)."]
    if not case.is_open:
        return ["This case is already closed."]
    if closed_at < case.first_reported_at:
        return ["A case cannot close before it was first reported."]
    return []


def case_close(*, actor: User, case: Case, closed_at=None) -> Case:
    """OUTCOME: a case cannot close without the outcome for every subject child."""
    closed_at = closed_at or timezone.now()
    problems = _closing_problems(case, closed_at)
    if problems:
        raise ValidationError(problems[0])
    with transaction.atomic():
        before = snapshot(case)
        case.closed_at = closed_at
        version_kept(actor=actor, record=case, before=before)
        case.save(update_fields=with_updated_at(case, ["closed_at"]))
        access_record(
            actor=actor,
            action=AccessAction.UPDATE,
            object_type=record_type(Case),
            object_id=case.pk,
            object_label=case.reference,
            district_id=case.district_id,
            detail={"fields": ["closed_at"]},
        )
        cases_changed([case.pk])
    return case


# --- People in a case -------------------------------------------------------------------------


def participant_add(
    *, actor: User, case: Case, person: Person, role: str, reason: GivenReason | None = None
) -> CaseParticipant:
    """Put a person on the case in a role. The caller has checked the case is the actor's to edit.

    A person whose record the actor cannot see (another district's, found through a reasoned
    whole-force search) goes on only with a checked reason (access.reasons: a choice from the list
    and a reference): their name then shows on the actor's case, so the addition is logged as an
    out-of-district access with that reason, its text and its parts.
    A child present is a child: the per-child standards judge every child on the case."""
    if not cases_editable_by(actor).filter(pk=case.pk).exists():
        raise ValidationError({"case": NOT_FOUND.format(pk=case.pk)})
    if role not in ADDABLE_ROLES:
        raise ValidationError({"role": "Choose the person's role on this case."})
    if role in CHILD_ROLES and not person.is_child:
        raise ValidationError(
            {"role": f"{person.full_name} is recorded as an adult: choose an adult's role."}
        )
    # Out of the actor's scope (cases/scoping.people_editable_by): only with a checked reason.
    outside = not people_editable_by(actor).filter(pk=person.pk).exists()
    if outside and not isinstance(reason, GivenReason):
        raise ValidationError(
            {"reason_code": "Another district holds this person's record: give the reason to add them."}
        )
    if CaseParticipant.objects.filter(case=case, person=person, role=role).exists():
        raise ValidationError(
            {"person": f"{person.full_name} is already on this case as {ParticipantRole(role).label}."}
        )
    with transaction.atomic():
        participant = CaseParticipant.objects.create(case=case, person=person, role=role)
        access_record(
            actor=actor,
            action=AccessAction.CREATE,
            object_type=record_type(CaseParticipant),
            object_id=participant.pk,
            object_label=case.reference,
            district_id=case.district_id,
            detail={"case_id": case.pk, "person_id": person.pk, "role": role},
        )
        if outside and reason is not None:  # never None here: refused above without one
            # The person's district, so the event is marked outside the actor's districts.
            access_record(
                actor=actor,
                action=AccessAction.VIEW,
                object_type="person",
                object_id=person.pk,
                district_id=person.district_id,
                reason=reason.text,
                detail={"page": "participant_add", "case_id": case.pk, **reason.detail()},
            )
        cases_changed([case.pk])
    return participant


def participant_add_new(
    *,
    actor: User,
    case: Case,
    role: str,
    person_data: dict[str, Any],
    address_data: dict[str, Any] | None = None,
) -> CaseParticipant:
    """A person not yet on record, created and put on the case together (or neither)."""
    from safeguarding.people.services import person_create

    with transaction.atomic():
        person = person_create(actor=actor, data=person_data, address_data=address_data)
        return participant_add(actor=actor, case=case, person=person, role=role)


def _records_about(case: Case, person: Person) -> int:
    return sum(model._default_manager.filter(case=case, child=person).count() for model in ENTRY_MODELS)


def participant_remove(*, actor: User, participant: CaseParticipant) -> None:
    """Take a person off the case (added in error). The subject child stays; a child with records
    on the case stays too, or those records would be about a child the case no longer holds."""
    case = participant.case
    if not cases_editable_by(actor).filter(pk=case.pk).exists():
        raise ValidationError({"case": NOT_FOUND.format(pk=case.pk)})
    if participant.role == ParticipantRole.SUBJECT_CHILD:
        raise ValidationError({"person": "The child the case is about cannot be taken off it."})
    person = participant.person
    other_child_role = case.participants.filter(person=person, role__in=CHILD_ROLES).exclude(
        pk=participant.pk
    )
    if participant.role in CHILD_ROLES and not other_child_role.exists() and _records_about(case, person):
        raise ValidationError(
            {"person": f"{person.full_name} has records on this case: they stay on it as a child present."}
        )
    with transaction.atomic():
        access_record(
            actor=actor,
            action=AccessAction.ERASE,
            object_type=record_type(CaseParticipant),
            object_id=participant.pk,
            object_label=case.reference,
            district_id=case.district_id,
            detail={"case_id": case.pk, "person_id": person.pk, "role": participant.role},
        )
        participant.delete()
        cases_changed([case.pk])
