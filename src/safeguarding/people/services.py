"""Writes to people and their flags, and the access-log rows of searching and viewing.
Atomic: the record and its trail land together or not at all."""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from safeguarding.access.labels import record_type
from safeguarding.access.models import AccessAction, AccessEvent, User
from safeguarding.access.reasons import GivenReason
from safeguarding.access.roles import Scope
from safeguarding.access.services import access_record
from safeguarding.people.casework import named_in_case_reason, people_editable_by, reference_problems
from safeguarding.people.hooks import people_changed
from safeguarding.people.matching import person_keys_refresh
from safeguarding.people.models import Address, Flag, Person, PersonAlias, Relationship, Residence
from safeguarding.people.validators import (
    Problems,
    changed_values,
    flag_problems,
    merged,
    person_problems,
    person_values_normalised,
    values_after,
)
from safeguarding.people.vocabulary import RelationshipKind
from safeguarding.records.history import snapshot, stale_check, version_kept, with_updated_at


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
    return named_in_case_reason(actor, person)


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


def person_create(
    *,
    actor: User,
    data: dict[str, Any],
    address_data: dict[str, Any] | None = None,
    duplicates_offered: list[int] | None = None,
) -> Person:
    """A new person. Their district and address must be ones the actor may record in; the
    values keep the person rules (people/validators.py). `duplicates_offered`: the likely
    duplicates shown before the user confirmed this is someone new (kept in the access log)."""
    data = person_values_normalised(data)
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
            detail={
                "fields": sorted(data) + (["address"] if address_data else []),
                **(
                    {"confirmed_new": True, "duplicates_offered": sorted(duplicates_offered)}
                    if duplicates_offered
                    else {}
                ),
            },
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
    `seen_version` (the form's, the API's If-Match) is refused: records/history.StaleRecord."""
    if not people_editable_by(actor).filter(pk=person.pk).exists():
        raise ValidationError({"id": ["No such person."]})
    before = snapshot(person)
    stale_check(person, seen_version)
    changes = changed_values(person, person_values_normalised(data))
    changes = person_values_normalised(changes, current=values_after(person, {}))
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
        flag.save(update_fields=with_updated_at(flag, changes))
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


# --- Relationships and aliases ---------------------------------------------------------------


def _linkable(actor: User, *people: Person) -> None:
    """Both ends of a link must be people the actor may change (in scope and allowed to edit):
    a link puts each on the other's page. Outside the scope the person answers as missing."""
    editable = set(
        people_editable_by(actor).filter(pk__in=[p.pk for p in people]).values_list("pk", flat=True)
    )
    if any(person.pk not in editable for person in people):
        raise ValidationError({"other": ["No such person."]})


def relationship_add(
    *,
    actor: User,
    person: Person,
    kind: str,
    other: Person,
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
) -> Relationship:
    """`person` is <kind> of `other` (the mother is the parent of the child). Both must be people
    the actor may edit; the pair is re-judged (relationships count at first contact and in the
    household's risk)."""
    _linkable(actor, person, other)
    problems: Problems = {}
    if person.pk == other.pk:
        problems["other"] = ["A person cannot be linked to themself."]
    if kind not in RelationshipKind.values:
        problems["kind"] = [f"Not a relationship: {kind!r}."]
    if starts_on and ends_on and ends_on < starts_on:
        problems["ends_on"] = ["The end date is before the start date."]
    if not problems and Relationship.objects.filter(person=person, kind=kind, other=other).exists():
        label = RelationshipKind(kind).label.lower()
        problems["kind"] = [f"{person.full_name} is already recorded as {label} of {other.full_name}."]
    _refuse(problems)
    with transaction.atomic():
        relationship = Relationship.objects.create(
            person=person, kind=kind, other=other, starts_on=starts_on, ends_on=ends_on
        )
        access_record(
            actor=actor,
            action=AccessAction.CREATE,
            object_type=record_type(relationship),
            object_id=relationship.pk,
            district_id=person.district_id,
            reason=_edit_reason(actor, person),
            detail={"person_id": person.pk, "other_id": other.pk, "kind": kind},
        )
        people_changed([person.pk, other.pk])
    return relationship


def relationship_remove(*, actor: User, relationship: Relationship) -> None:
    """Take a link off the record (recorded in error); both ends must be editable by the actor."""
    _linkable(actor, relationship.person, relationship.other)
    with transaction.atomic():
        access_record(
            actor=actor,
            action=AccessAction.ERASE,
            object_type=record_type(relationship),
            object_id=relationship.pk,
            district_id=relationship.person.district_id,
            reason=_edit_reason(actor, relationship.person),
            detail={
                "person_id": relationship.person_id,
                "other_id": relationship.other_id,
                "kind": relationship.kind,
            },
        )
        relationship.delete()
        people_changed([relationship.person_id, relationship.other_id])


def alias_add(*, actor: User, person: Person, forename: str, surname: str) -> PersonAlias:
    """Another name the person is known by. The search keys are rebuilt from the names by the
    one writer of keys (people.matching), so the person is found by the alias at once."""
    if not people_editable_by(actor).filter(pk=person.pk).exists():
        raise ValidationError({"id": ["No such person."]})
    forename, surname = forename.strip(), surname.strip()
    problems: Problems = {}
    if not surname:
        problems["surname"] = ["Give the surname the person is known by."]
    elif person.aliases.filter(forename__iexact=forename, surname__iexact=surname).exists():
        problems["surname"] = [f"{person.full_name} is already known as {forename} {surname}".rstrip() + "."]
    _refuse(problems)
    with transaction.atomic():
        alias = PersonAlias(person=person, forename=forename, surname=surname)
        alias.set_name_keys()
        alias.save()
        person_keys_refresh([person.pk])
        access_record(
            actor=actor,
            action=AccessAction.UPDATE,
            object_type="person",
            object_id=person.pk,
            district_id=person.district_id,
            reason=_edit_reason(actor, person),
            detail={"fields": ["aliases"], "alias_added": alias.pk},
        )
    return alias


def alias_remove(*, actor: User, alias: PersonAlias) -> None:
    person = alias.person
    if not people_editable_by(actor).filter(pk=person.pk).exists():
        raise ValidationError({"id": ["No such person."]})
    with transaction.atomic():
        alias_id = alias.pk
        alias.delete()
        person_keys_refresh([person.pk])
        access_record(
            actor=actor,
            action=AccessAction.UPDATE,
            object_type="person",
            object_id=person.pk,
            district_id=person.district_id,
            reason=_edit_reason(actor, person),
            detail={"fields": ["aliases"], "alias_removed": alias_id},
        )


def duplicates_shown_record(*, actor: User, offered: list[int], hidden: int) -> AccessEvent:
    """The likely duplicates of a person being added were shown: a consultation of each."""
    return access_record(
        actor=actor,
        action=AccessAction.SEARCH,
        object_type="person",
        detail={"duplicate_check": True, "results": len(offered), "shown": offered, "outside_scope": hidden},
    )


def duplicate_choice_record(*, actor: User, chosen: Person, offered: list[int]) -> AccessEvent:
    """The user adding a person said they are one already held: that record was chosen."""
    return access_record(
        actor=actor,
        action=AccessAction.VIEW,
        object_type="person",
        object_id=chosen.pk,
        district_id=chosen.district_id,
        reason=_edit_reason(actor, chosen),
        detail={"duplicate_check": "chose the record held", "offered": offered},
    )
