"""Writes to people and their flags, and the access-log rows of searching and viewing.
Atomic: the record and its trail land together or not at all."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from safeguarding.access.labels import record_type
from safeguarding.access.models import AccessAction, AccessEvent, User
from safeguarding.access.reasons import GivenReason
from safeguarding.access.roles import Scope
from safeguarding.access.services import access_record
from safeguarding.cases.history import snapshot, stale_check, version_kept
from safeguarding.cases.scoping import cases_visible_to, people_editable_by, reference_problems
from safeguarding.people.hooks import people_changed
from safeguarding.people.matching import person_keys_refresh
from safeguarding.people.models import Address, Flag, Person, Residence
from safeguarding.people.validators import (
    Problems,
    changed_values,
    flag_problems,
    merged,
    person_problems,
    values_after,
)


def _refuse(*checks: Problems) -> None:
    """Refuse the write, naming each field, before anything is saved or logged."""
    problems = merged(*checks)
    if problems:
        raise ValidationError(problems)


def _edit_reason(actor: User, person: Person) -> str:
    """Why an edit outside the actor's districts is in scope (the access log requires it): the
    person is named in a case of theirs, as on the child's page."""
    if actor.scope != Scope.OWN_DISTRICTS or actor.covers_district(person.district_id):
        return ""
    case = cases_visible_to(actor).filter(participants__person=person).order_by("-first_reported_at").first()
    return f"Named in case {case.reference} of your district" if case is not None else ""


def _set_address(person: Person, address_data: dict[str, Any] | None) -> bool:
    """Move the person to the address given (creating it) unless it is the one they live at."""
    if not address_data:
        return False
    current = person.current_address
    if current is not None and all(getattr(current, key) == value for key, value in address_data.items()):
        return False
    address = Address.objects.create(district_id=person.district_id, **address_data)
    today = timezone.localdate()
    Residence.objects.filter(person=person, ends_on__isnull=True).update(ends_on=today)
    Residence.objects.create(person=person, address=address, starts_on=today)
    person.current_address = address
    person.save(update_fields=["current_address"])
    return True


def person_create(*, actor: User, data: dict[str, Any], address_data: dict[str, Any] | None = None) -> Person:
    """A new person. Their district and address must be ones the actor may record in; the
    values keep the person rules (people/validators.py)."""
    person = Person(**data)
    _refuse(
        {} if person.district_id else {"district": ["This field is required."]},
        reference_problems(actor, Person, data),
        person_problems(values_after(person, {})),
    )
    with transaction.atomic():
        person.set_name_keys()
        person.save()
        person_keys_refresh([person.pk])
        _set_address(person, address_data)
        access_record(
            actor=actor,
            action=AccessAction.CREATE,
            object_type="person",
            object_id=person.pk,
            district_id=person.district_id,
            detail={"fields": sorted(data) + (["address"] if address_data else [])},
        )
    return person


def person_update(
    *,
    actor: User,
    person: Person,
    data: dict[str, Any],
    address_data: dict[str, Any] | None = None,
    seen_version: int | None = None,
) -> list[str]:
    """Change the person (the changed fields only are checked, logged and saved). A stale
    `seen_version` (the form's, the API's If-Match) is refused: cases/history.StaleRecord."""
    if not people_editable_by(actor).filter(pk=person.pk).exists():
        raise ValidationError({"id": ["No such person."]})
    before = snapshot(person)
    stale_check(person, seen_version)
    changes = changed_values(person, data)
    _refuse(
        reference_problems(actor, Person, changes),
        person_problems(values_after(person, changes), touched=set(changes)),
    )
    for name, value in changes.items():
        setattr(person, name, value)
    changed = list(changes)
    with transaction.atomic():
        if changed:
            version_kept(actor=actor, record=person, before=before, seen_version=seen_version)
            person.set_name_keys()
            person.save()
            person_keys_refresh([person.pk])
        if _set_address(person, address_data):
            if not changed:
                version_kept(actor=actor, record=person, before=before, seen_version=seen_version)
            changed.append("address")
        if changed:
            access_record(
                actor=actor,
                action=AccessAction.UPDATE,
                object_type="person",
                object_id=person.pk,
                district_id=person.district_id,
                reason=_edit_reason(actor, person),
                detail={"fields": sorted(changed)},
            )
            # Flag and demographic standards are judged on the person's open cases.
            people_changed([person.pk])
    return changed


def flag_create(*, actor: User, person: Person, data: dict[str, Any]) -> Flag:
    flag = Flag(person=person, recorded_at=timezone.now(), recorded_by=actor, **data)
    _refuse(reference_problems(actor, Flag, {"person": person}), flag_problems(values_after(flag, {})))
    with transaction.atomic():
        flag.save()
        access_record(
            actor=actor,
            action=AccessAction.CREATE,
            object_type=record_type(flag),
            object_id=flag.pk,
            district_id=person.district_id,
            reason=_edit_reason(actor, person),
            detail={"fields": sorted(data), "person_id": person.pk, "kind": flag.kind},
        )
        people_changed([person.pk])
    return flag


def flag_update(
    *, actor: User, flag: Flag, data: dict[str, Any], seen_version: int | None = None
) -> list[str]:
    """Change a flag: it stays on a person the actor may edit, and keeps the flag rules."""
    if not people_editable_by(actor).filter(pk=flag.person_id).exists():
        raise ValidationError({"id": ["No such flag."]})
    before = snapshot(flag)
    stale_check(flag, seen_version)
    changes = changed_values(flag, data)
    _refuse(reference_problems(actor, Flag, changes), flag_problems(values_after(flag, changes)))
    if not changes:
        return []
    previous_person = flag.person
    for name, value in changes.items():
        setattr(flag, name, value)
    with transaction.atomic():
        version_kept(actor=actor, record=flag, before=before, seen_version=seen_version)
        flag.save(update_fields=list(changes))
        access_record(
            actor=actor,
            action=AccessAction.UPDATE,
            object_type=record_type(flag),
            object_id=flag.pk,
            district_id=flag.person.district_id,
            reason=_edit_reason(actor, flag.person),
            detail={"fields": sorted(changes), "person_id": flag.person_id, "kind": flag.kind},
        )
        people_changed({flag.person_id, previous_person.pk})
    return sorted(changes)


def search_record(
    *, actor: User, query: str, whole_force: bool, reason: GivenReason | None, result_count: int
) -> AccessEvent:
    """A search is a consultation: what was asked, by whom, why (outside the districts: a checked
    reason, its text and its parts) and how many people it returned."""
    if whole_force and not isinstance(reason, GivenReason):
        raise ValidationError({"reason_code": "Give a reason to search outside your districts."})
    return access_record(
        actor=actor,
        action=AccessAction.SEARCH,
        object_type="person",
        query=query,
        reason=reason.text if whole_force and reason else "",
        detail={
            "whole_force": whole_force,
            "results": result_count,
            **(reason.detail() if whole_force and reason else {}),
        },
    )


def person_view_record(
    *, actor: User, person: Person, reason: str, reason_detail: dict | None = None
) -> AccessEvent:
    """Opening a child's page. Outside the viewer's districts access_record marks it, and the
    reason (the named case, or the reason given at the search or lookup, with its parts) goes
    with it."""
    return access_record(
        actor=actor,
        action=AccessAction.VIEW,
        object_type="person",
        object_id=person.pk,
        district_id=person.district_id,
        reason=reason,
        detail=reason_detail or {},
    )
