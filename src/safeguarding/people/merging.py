"""Two records of one person made one, with a second person's approval, and undone from the
journal (docs/adr/0013-merging-people.md).

The merge moves every row pointing at the merged person (case participations, entries, flags,
aliases, relationships, residences, import links, ... : every foreign key to Person, found from
the model's relations so a new one is never forgotten) to the surviving person, keeps the merged
person's names as aliases, and deletes the merged person's row. A row that cannot move because
the survivor already holds its twin (the same case role, the same relationship) or because it
would point the survivor at itself is deleted instead. The journal keeps the ids moved, the rows
deleted and the merged person's own row, so undo can put back exactly what the merge changed;
anything recorded since on the survivor stays with the survivor.
"""

import json
from typing import Any

from django.apps import apps
from django.core import serializers
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils import timezone

from safeguarding.access.models import AccessAction, User
from safeguarding.access.roles import Permission
from safeguarding.access.services import access_record
from safeguarding.people.casework import people_editable_by
from safeguarding.people.hooks import people_changed
from safeguarding.people.matching import person_keys_refresh
from safeguarding.people.models import MergeState, Person, PersonAlias, PersonMerge, PersonNameKey

# Derived from the names, rebuilt after the move: never moved.
_NOT_MOVED = {PersonNameKey}


def _refuse(field: str, message: str) -> None:
    raise ValidationError({field: [message]})


def _log(actor: User, merge: PersonMerge, step: str, person_id: int, district_id: int | None) -> None:
    access_record(
        actor=actor,
        action=AccessAction.COMBINE,
        object_type="person",
        object_id=person_id,
        district_id=district_id,
        detail={
            "merge_id": merge.pk,
            "step": step,
            "survivor_id": merge.survivor_id,
            "merged_id": merge.merged_id,
        },
    )


def merge_request(*, actor: User, survivor: Person, merged: Person, reason: str) -> PersonMerge:
    """Ask for `merged` to be folded into `survivor`. Nothing moves until someone else approves."""
    reason = (reason or "").strip()
    if survivor.pk == merged.pk:
        _refuse("merged", "Choose two different people.")
    if not reason:
        _refuse("reason", "Say why these records are the same person.")
    editable = people_editable_by(actor)
    if editable.filter(pk__in=[survivor.pk, merged.pk]).count() != 2:
        _refuse("merged", "No such person.")
    if (
        PersonMerge.objects.filter(
            state=MergeState.REQUESTED, survivor_id__in=[survivor.pk, merged.pk]
        ).exists()
        or PersonMerge.objects.filter(
            state=MergeState.REQUESTED, merged_id__in=[survivor.pk, merged.pk]
        ).exists()
    ):
        _refuse("merged", "A merge of one of these people is already awaiting approval.")
    with transaction.atomic():
        merge = PersonMerge.objects.create(
            survivor_id=survivor.pk,
            merged_id=merged.pk,
            survivor_name=survivor.full_name,
            merged_name=merged.full_name,
            district_id=survivor.district_id,
            reason=reason[:500],
            requested_by=actor,
            requested_at=timezone.now(),
        )
        _log(actor, merge, "requested", survivor.pk, survivor.district_id)
    return merge


def _check_decider(actor: User, merge: PersonMerge, state: str) -> None:
    if not actor.can(Permission.APPROVE_MERGES):
        _refuse("merge", "Only the safeguarding unit approves merges.")
    if merge.state != state:
        _refuse("merge", f"This merge is {merge.get_state_display().lower()}.")


def merge_refuse(*, actor: User, merge: PersonMerge) -> PersonMerge:
    _check_decider(actor, merge, MergeState.REQUESTED)
    with transaction.atomic():
        merge.state = MergeState.REFUSED
        merge.decided_by = actor
        merge.decided_at = timezone.now()
        merge.save(update_fields=["state", "decided_by", "decided_at"])
        _log(actor, merge, "refused", merge.survivor_id, merge.district_id)
    return merge


def _person_relations() -> list[tuple[type[Model], str]]:
    """(model, field name) of every foreign key to Person."""
    found = []
    for relation in Person._meta.related_objects:
        if relation.many_to_many or relation.related_model in _NOT_MOVED:
            continue
        found.append((relation.related_model, relation.field.name))
    return sorted(found, key=lambda pair: (pair[0]._meta.label_lower, pair[1]))


def _snapshot(rows: list[Model]) -> list[dict]:
    return json.loads(serializers.serialize("json", rows))


def _restore(snapshot: list[dict]) -> None:
    for restored in serializers.deserialize("json", json.dumps(snapshot)):
        restored.save()


def _move(model: type[Model], field: str, merged_id: int, survivor_id: int) -> tuple[list[int], list[dict]]:
    """Point the rows at the survivor: all at once, or row by row when one would clash (its twin
    is already the survivor's, or it would relate the survivor to themself): that row is deleted
    and kept in the journal."""
    rows = model._default_manager.filter(**{f"{field}_id": merged_id})
    ids = list(rows.order_by("pk").values_list("pk", flat=True))
    if not ids:
        return [], []
    try:
        with transaction.atomic():
            model._default_manager.filter(pk__in=ids).update(**{f"{field}_id": survivor_id})
        return ids, []
    except IntegrityError:
        pass
    moved, removed = [], []
    for row in model._default_manager.filter(pk__in=ids).order_by("pk"):
        try:
            with transaction.atomic():
                model._default_manager.filter(pk=row.pk).update(**{f"{field}_id": survivor_id})
            moved.append(row.pk)
        except IntegrityError:
            removed += _snapshot([row])
            try:
                with transaction.atomic():
                    row.delete()
            except IntegrityError as error:
                raise ValidationError(
                    {
                        "merge": [
                            f"A {model._meta.verbose_name} of the merged person cannot be moved or removed."
                        ]
                    }
                ) from error
    return moved, removed


def merge_approve(*, actor: User, merge: PersonMerge) -> PersonMerge:
    """The second person's approval: the merge is carried out, all or nothing."""
    _check_decider(actor, merge, MergeState.REQUESTED)
    if actor.pk == merge.requested_by_id:
        _refuse("merge", "Someone other than the person who asked must approve the merge.")
    editable = people_editable_by(actor)
    with transaction.atomic():
        people = {
            p.pk: p for p in editable.select_for_update().filter(pk__in=[merge.survivor_id, merge.merged_id])
        }
        if len(people) != 2:
            _refuse("merge", "One of the two people is no longer held or is outside your districts.")
        survivor, merged = people[merge.survivor_id], people[merge.merged_id]
        journal: dict[str, Any] = {
            "person": _snapshot([merged]),
            "moved": [],
            "removed": [],
            "aliases_added": [],
        }
        # Before the move, so the survivor's own aliases are the ones compared with.
        held = {(a.forename.casefold(), a.surname.casefold()) for a in survivor.aliases.all()}
        held.add((survivor.forename.casefold(), survivor.surname.casefold()))
        for model, field in _person_relations():
            moved, removed = _move(model, field, merged.pk, survivor.pk)
            if moved:
                journal["moved"].append({"model": model._meta.label_lower, "field": field, "ids": moved})
            journal["removed"] += removed
        names = [(merged.forename, merged.surname)]
        if merged.middle_names:
            names.append((f"{merged.forename} {merged.middle_names}", merged.surname))
        for forename, surname in names:
            if (forename.casefold(), surname.casefold()) in held:
                continue
            alias = PersonAlias(person=survivor, forename=forename, surname=surname)
            alias.set_name_keys()
            alias.save()
            held.add((forename.casefold(), surname.casefold()))
            journal["aliases_added"].append(alias.pk)
        merged.delete()
        person_keys_refresh([survivor.pk])
        merge.journal = journal
        merge.state = MergeState.MERGED
        merge.decided_by = actor
        merge.decided_at = timezone.now()
        merge.save(update_fields=["journal", "state", "decided_by", "decided_at"])
        _log(actor, merge, "merged", survivor.pk, survivor.district_id)
        _log(actor, merge, "merged away", merge.merged_id, merged.district_id)
        people_changed([survivor.pk])
    return merge


def merge_undo(*, actor: User, merge: PersonMerge) -> PersonMerge:
    """Put back what the journal says the merge changed. Rows recorded on the survivor since the
    merge stay with the survivor."""
    _check_decider(actor, merge, MergeState.MERGED)
    if not people_editable_by(actor).filter(pk=merge.survivor_id).exists():
        _refuse("merge", "The surviving person is no longer held or is outside your districts.")
    journal = merge.journal
    with transaction.atomic():
        if Person.objects.filter(pk=merge.merged_id).exists():
            _refuse("merge", "The merged person's record already exists again.")
        _restore(journal["person"])
        PersonAlias.objects.filter(pk__in=journal["aliases_added"], person_id=merge.survivor_id).delete()
        for move in journal["moved"]:
            model = apps.get_model(move["model"])
            field = move["field"]
            model._default_manager.filter(pk__in=move["ids"], **{f"{field}_id": merge.survivor_id}).update(
                **{f"{field}_id": merge.merged_id}
            )
        _restore(journal["removed"])
        person_keys_refresh([merge.survivor_id, merge.merged_id])
        merge.state = MergeState.UNDONE
        merge.undone_by = actor
        merge.undone_at = timezone.now()
        merge.save(update_fields=["state", "undone_by", "undone_at"])
        merged = Person.objects.get(pk=merge.merged_id)
        _log(actor, merge, "undone", merge.survivor_id, merge.district_id)
        _log(actor, merge, "restored", merged.pk, merged.district_id)
        people_changed([merge.survivor_id, merge.merged_id])
    return merge
