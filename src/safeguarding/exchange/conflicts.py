"""Deciding an imported change the loader held back (exchange/loader/conflicts.py, issue 17).

The reviewer sees what the extract says beside what is held now and decides: apply the source
system's values (written through the record's own service, as an import: scope, rules, history,
the access log and re-judging all apply, and the next import is no longer held back), or keep the
values held here (remembered, so the same extract values are not asked about again)."""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone

from safeguarding.access.models import AccessAction, User
from safeguarding.access.roles import Permission
from safeguarding.access.services import access_record, written_via
from safeguarding.cases.models import ENTRY_MODELS, Case
from safeguarding.cases.services import case_update, entry_update
from safeguarding.exchange.formats import FORMATS_BY_NAME
from safeguarding.exchange.loader.conflicts import DERIVED_COLUMNS
from safeguarding.exchange.models import ConflictStatus, ImportConflict
from safeguarding.force.scoping import districts_editable_by
from safeguarding.people.models import Flag, Person
from safeguarding.people.services import flag_update, person_update


class ConflictDecided(Exception):
    """Someone decided this conflict first."""


def _require_reviewer(actor: User) -> None:
    if not (actor.can(Permission.REVIEW_MATCHES) and actor.can(Permission.VIEW_CHILD_RECORD)):
        raise PermissionDenied("Deciding an imported change needs the reviewer's role.")


def conflict_model(conflict: ImportConflict) -> type[models.Model]:
    return FORMATS_BY_NAME[conflict.entity].model


def _pending(conflict_id: int) -> ImportConflict:
    conflict = ImportConflict.objects.select_for_update().get(pk=conflict_id)
    if conflict.status != ConflictStatus.PENDING:
        raise ConflictDecided(f"Conflict {conflict_id} was already decided.")
    return conflict


def _field_values(model: type[models.Model], incoming: dict[str, Any]) -> dict[str, Any]:
    """The extract's values by field name, as a form's cleaned data would hold them."""
    by_column = {str(f.column): f for f in model._meta.concrete_fields}
    data: dict[str, Any] = {}
    for column, value in incoming.items():
        field = by_column.get(column)
        if field is None or column in DERIVED_COLUMNS:
            continue
        if field.is_relation and field.related_model is not None:
            related: Any = field.related_model
            data[field.name] = None if value is None else related._default_manager.get(pk=value)
        else:
            data[field.name] = field.to_python(value)
    return data


def _updater(model: type[models.Model]) -> Callable[..., list[str]]:
    if model is Person:
        return lambda actor, record, data, seen: person_update(
            actor=actor, person=record, data=data, seen_version=seen
        )
    if model is Case:
        return lambda actor, record, data, seen: case_update(
            actor=actor, case=record, data=data, seen_version=seen
        )
    if model is Flag:
        return lambda actor, record, data, seen: flag_update(
            actor=actor, flag=record, data=data, seen_version=seen
        )
    if model in ENTRY_MODELS:
        return lambda actor, record, data, seen: entry_update(
            actor=actor, entry=record, cleaned_data=data, seen_version=seen
        )
    raise ValidationError(
        {"conflict": ["Change this record on its own page: the import cannot apply it here."]}
    )


def conflict_apply(*, actor: User, conflict_id: int, seen_version: int) -> ImportConflict:
    """Apply the extract's values to the record as the reviewer saw it (`seen_version`, from the
    page: a record changed again since is refused, records/history.StaleRecord)."""
    _require_reviewer(actor)
    with transaction.atomic():
        conflict = _pending(conflict_id)
        if not districts_editable_by(actor).filter(pk=conflict.district_id).exists():
            raise ImportConflict.DoesNotExist  # outside the reviewer's districts: as if absent
        model = conflict_model(conflict)
        record = model._default_manager.get(pk=conflict.object_id)
        with written_via("import"):
            _updater(model)(actor, record, _field_values(model, conflict.incoming), seen_version)
        _decided(conflict, actor, ConflictStatus.APPLIED)
    return conflict


def conflict_keep(*, actor: User, conflict_id: int) -> ImportConflict:
    """Keep the values held here; the same extract values arriving again are not asked about."""
    _require_reviewer(actor)
    with transaction.atomic():
        conflict = _pending(conflict_id)
        if not districts_editable_by(actor).filter(pk=conflict.district_id).exists():
            raise ImportConflict.DoesNotExist  # outside the reviewer's districts: as if absent
        _decided(conflict, actor, ConflictStatus.KEPT)
    return conflict


def _decided(conflict: ImportConflict, actor: User, status: str) -> None:
    conflict.status = status
    conflict.decided_at = timezone.now()
    conflict.decided_by_username = actor.get_username()
    conflict.save(update_fields=["status", "decided_at", "decided_by_username"])
    access_record(
        actor=actor,
        action=AccessAction.UPDATE if status == ConflictStatus.APPLIED else AccessAction.VIEW,
        object_type=conflict.record_type,
        object_id=conflict.object_id,
        object_label=f"Imported change {conflict.pk}: {ConflictStatus(status).label}",
        district_id=conflict.district_id,
        reason="Import conflict review",
        detail={"conflict_id": conflict.pk, "columns": sorted(conflict.incoming), "decision": status},
    )
