"""Writes to people and their flags, and the access-log rows of searching and viewing.
Atomic: the record and its trail land together or not at all."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from safeguarding.access.labels import record_type
from safeguarding.access.models import AccessAction, AccessEvent, User
from safeguarding.access.reasons import GivenReason
from safeguarding.access.services import access_record
from safeguarding.people.models import Address, Flag, Person, Residence
from safeguarding.standards.services import case_reevaluate


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
    with transaction.atomic():
        person = Person(**data)
        person.set_name_keys()
        person.save()
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
    *, actor: User, person: Person, data: dict[str, Any], address_data: dict[str, Any] | None = None
) -> list[str]:
    changed = []
    for name, value in data.items():
        field = person._meta.get_field(name)
        current = getattr(person, field.attname)
        new = value.pk if field.is_relation and value is not None else value
        if current != new:
            setattr(person, name, value)
            changed.append(name)
    with transaction.atomic():
        if changed:
            person.set_name_keys()
            person.save()
        if _set_address(person, address_data):
            changed.append("address")
        if changed:
            access_record(
                actor=actor,
                action=AccessAction.UPDATE,
                object_type="person",
                object_id=person.pk,
                district_id=person.district_id,
                detail={"fields": sorted(changed)},
            )
            _reevaluate_open_cases(person)
    return changed


def flag_create(*, actor: User, person: Person, data: dict[str, Any]) -> Flag:
    with transaction.atomic():
        flag = Flag.objects.create(person=person, recorded_at=timezone.now(), recorded_by=actor, **data)
        access_record(
            actor=actor,
            action=AccessAction.CREATE,
            object_type=record_type(flag),
            object_id=flag.pk,
            district_id=person.district_id,
            detail={"fields": sorted(data), "person_id": person.pk, "kind": flag.kind},
        )
        _reevaluate_open_cases(person)
    return flag


def _reevaluate_open_cases(person: Person) -> None:
    """Flag and demographic standards (CSE_FLAG, CP_PLAN_FLAG, DEMOGRAPHICS) are judged on the
    person's open cases, so a change to the person re-judges them."""
    for case_id in person.case_roles.filter(case__closed_at__isnull=True).values_list("case_id", flat=True):
        case_reevaluate(case_id=case_id)


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
