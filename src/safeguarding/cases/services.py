"""Writes to cases and their stage entries. Each is atomic and writes its access-log event in the
same transaction: the record and its trail land together or not at all."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from safeguarding.access.labels import record_type
from safeguarding.access.models import AccessAction, User
from safeguarding.access.services import access_record
from safeguarding.cases.models import Case, CaseEntry, CaseParticipant, ChildOutcome
from safeguarding.cases.vocabulary import ParticipantRole
from safeguarding.people.models import Person
from safeguarding.standards.services import case_reevaluate

ENTRY_PROTECTED_FIELDS = {"id", "case", "recorded_at", "recorded_by", "source_reference"}


def entry_create(
    *, actor: User, case: Case, model: type[CaseEntry], cleaned_data: dict[str, Any]
) -> CaseEntry:
    values = {name: value for name, value in cleaned_data.items() if name not in ENTRY_PROTECTED_FIELDS}
    with transaction.atomic():
        entry = model(case=case, recorded_by=actor, recorded_at=timezone.now(), **values)
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
        case_reevaluate(case_id=case.pk)
    return entry


def entry_update(*, actor: User, entry: CaseEntry, cleaned_data: dict[str, Any]) -> list[str]:
    """Apply the changes and log which fields changed; returns their names."""
    changed = []
    for name, value in cleaned_data.items():
        if name in ENTRY_PROTECTED_FIELDS:
            continue
        field = entry._meta.get_field(name)
        current = getattr(entry, field.attname if field.is_relation else name)
        new = value.pk if field.is_relation and value is not None else value
        if current != new:
            setattr(entry, name, value)
            changed.append(name)
    if not changed:
        return []
    with transaction.atomic():
        entry.save(update_fields=changed)
        access_record(
            actor=actor,
            action=AccessAction.UPDATE,
            object_type=record_type(entry),
            object_id=entry.pk,
            district_id=entry.case.district_id,
            detail={"fields": sorted(changed), "case_id": entry.case_id},
        )
        case_reevaluate(case_id=entry.case_id)
    return changed


def _next_reference(case: Case) -> str:
    year = case.first_reported_at.year % 100
    prefix = f"{case.district.code[:3].upper()}-{year:02d}-"
    taken = Case.objects.filter(reference__startswith=prefix).count()
    return f"{prefix}{taken + 1:05d}"


def case_create(*, actor: User, child: Person, cleaned_data: dict[str, Any]) -> Case:
    """A new case with the child as its subject; the creating officer is in charge."""
    case = Case(created_by=actor, **cleaned_data)
    if actor.role in {"officer", "supervisor"}:
        case.officer_in_charge = actor
    for attempt in range(5):
        try:
            with transaction.atomic():
                case.reference = _next_reference(case)
                if attempt:
                    case.reference += f"-{attempt}"
                case.save()
                CaseParticipant.objects.create(case=case, person=child, role=ParticipantRole.SUBJECT_CHILD)
                access_record(
                    actor=actor,
                    action=AccessAction.CREATE,
                    object_type=record_type(Case),
                    object_id=case.pk,
                    object_label=case.reference,
                    district_id=case.district_id,
                    detail={"fields": sorted(cleaned_data), "child_id": child.pk},
                )
                case_reevaluate(case_id=case.pk)
            return case
        except IntegrityError:
            # Two officers took the same reference at once: try the next one.
            case.pk = None
            continue
    raise IntegrityError("Could not allocate a case reference")


def children_without_outcome(case: Case) -> list[Person]:
    subjects = Person.objects.filter(
        case_roles__case=case, case_roles__role=ParticipantRole.SUBJECT_CHILD
    ).distinct()
    with_outcome = ChildOutcome.objects.filter(case=case).values("child_id")
    return list(subjects.exclude(pk__in=with_outcome).order_by("forename", "surname"))


def case_close(*, actor: User, case: Case, closed_at=None) -> Case:
    """OUTCOME: a case cannot close without the outcome for every subject child."""
    closed_at = closed_at or timezone.now()
    missing = children_without_outcome(case)
    if missing:
        names = ", ".join(child.full_name for child in missing)
        raise ValidationError(
            f"This case cannot close: record the outcome for {names} first (OUTCOME standard)."
        )
    if not case.is_open:
        raise ValidationError("This case is already closed.")
    if closed_at < case.first_reported_at:
        raise ValidationError("A case cannot close before it was first reported.")
    with transaction.atomic():
        case.closed_at = closed_at
        case.save(update_fields=["closed_at"])
        access_record(
            actor=actor,
            action=AccessAction.UPDATE,
            object_type=record_type(Case),
            object_id=case.pk,
            object_label=case.reference,
            district_id=case.district_id,
            detail={"fields": ["closed_at"]},
        )
        case_reevaluate(case_id=case.pk)
    return case
