"""Record history and no lost updates (ADR 0012).

Every editable record (person, case, stage entry, flag, relationship, participant) carries a
`version`. A service that changes one calls `version_kept` in its transaction, before saving: the
version moves on only if it is still the one the writer saw (one conditional UPDATE, so two saves
at once cannot both win on SQLite or PostgreSQL), and the values it replaces are kept as a
`RecordVersion` with who, when and through which door. The bulk loader keeps them set-based
(`versions_kept_by_import`): one INSERT ... SELECT per table, no signals, which its COPY would miss.
"""

import datetime as dt
import decimal
import uuid
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, models
from django.db.models import F
from django.utils import timezone

from safeguarding.access.labels import record_type
from safeguarding.access.models import User
from safeguarding.access.services import current_door
from safeguarding.records.models import RecordVersion

# Columns that say when or by whom, not what: a difference there alone is not shown as a change.
QUIET_COLUMNS = {"id", "version", "updated_at", "created_at"}


def plain_value(value: Any) -> Any:
    """A column value as JSON keeps it (dates as ISO text, like the loader's json_object)."""
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (decimal.Decimal, uuid.UUID)):
        return str(value)
    return value


def snapshot(record: models.Model) -> dict[str, Any]:
    """Every stored column of the record, by column name, as held in memory now."""
    return {
        str(field.column): plain_value(field.value_from_object(record))
        for field in record._meta.concrete_fields
    }


@dataclass(frozen=True)
class Change:
    field: str
    label: str
    before: str
    after: str


def _field_by_column(model: type[models.Model]) -> dict[str, models.Field]:
    return {str(field.column): field for field in model._meta.concrete_fields}


def _shown(field: models.Field | None, value: Any) -> str:
    if value is None or value == "" or value == []:
        return "(empty)"
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, str) and field is not None and isinstance(field, models.DateTimeField):
        try:
            return timezone.localtime(dt.datetime.fromisoformat(value)).strftime("%d %b %Y, %H:%M")
        except (ValueError, TypeError):
            return value
    if isinstance(value, list):
        return "; ".join(str(item) for item in value)
    return str(value)


def shown_value(model: type[models.Model], column: str, value: Any) -> tuple[str, str]:
    """A column's label and a stored value as a reader sees them (choices by their label)."""
    field = _field_by_column(model).get(column)
    label = str(field.verbose_name) if field is not None else column
    return label[:1].upper() + label[1:], _shown(field, value)


def differences(model: type[models.Model], before: dict, after: dict) -> list[Change]:
    """What changed between two snapshots, in the reader's words."""
    fields = _field_by_column(model)
    changes = []
    for column, value in after.items():
        if column in QUIET_COLUMNS or column not in before:
            continue
        old = before[column]
        if comparable_value(old) == comparable_value(value):
            continue
        field = fields.get(column)
        label = str(field.verbose_name) if field is not None else column
        label = label[:1].upper() + label[1:]
        if field is not None and field.is_relation:
            label = label + " (record id)"
        changes.append(Change(column, label, _shown(field, old), _shown(field, value)))
    return changes


def comparable_value(value: Any) -> Any:
    # The loader's JSON and the services' snapshot spell the same time differently (space or T,
    # offset or Z): compare times as times.
    if isinstance(value, str) and len(value) >= 19 and value[4:5] == "-" and value[10:11] in (" ", "T"):
        try:
            parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return value
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=dt.UTC)
        return parsed
    return value


class StaleRecord(ValidationError):
    """Someone else saved the record since the writer read it: their save is refused, and the
    message says what the other person changed so the writer can re-apply theirs."""

    def __init__(self, record: models.Model, seen_version: int, current_version: int, changes: list):
        self.record = record
        self.seen_version = seen_version
        self.current_version = current_version
        self.changes = changes
        super().__init__(stale_message(changes, current_version))


@dataclass(frozen=True)
class ChangeBy:
    who: str
    when: dt.datetime
    change: Change


def stale_message(changes: list[ChangeBy], current_version: int) -> str:
    said = "; ".join(
        f"{c.change.label}: {c.change.before} → {c.change.after} (by {c.who or 'an import'}, "
        f"{timezone.localtime(c.when).strftime('%d %b %Y, %H:%M')})"
        for c in changes
    )
    return (
        f"Not saved: someone else changed this record while you were editing it (it is now version "
        f"{current_version}). Their changes: {said or 'none to fields you can see'}. Your values are "
        "still in the form: check them against theirs and save again."
    )


def changes_since(record: models.Model, seen_version: int) -> list[ChangeBy]:
    """Each change made after `seen_version`, with who made it, against the stored record."""
    model = type(record)._meta.concrete_model or type(record)
    stored = model._default_manager.get(pk=record.pk)
    kept = list(
        RecordVersion.objects.filter(
            entity=record_type(model), object_id=record.pk, version__gte=seen_version
        ).order_by("version", "id")
    )
    result: list[ChangeBy] = []
    for index, version in enumerate(kept):
        after = kept[index + 1].previous if index + 1 < len(kept) else snapshot(stored)
        for change in differences(model, version.previous, after):
            result.append(ChangeBy(version.actor_username, version.replaced_at, change))
    return result


def version_kept(
    *, actor: User | None, record: models.Model, before: dict[str, Any], seen_version: int | None = None
) -> int:
    """Move the record on one version and keep the values it replaces (`before`, taken with
    `snapshot` before the change). Call inside the write's transaction, before saving. With
    `seen_version` (the form's hidden field, the API's If-Match) the write is refused if the
    record has moved on since; without it, against the version read with the record."""
    model = type(record)._meta.concrete_model or type(record)
    expected = before["version"] if seen_version is None else seen_version
    moved = model._default_manager.filter(pk=record.pk, version=expected).update(version=F("version") + 1)
    if not moved:
        current = model._default_manager.filter(pk=record.pk).values_list("version", flat=True).first()
        raise StaleRecord(record, expected, current or 0, changes_since(record, expected))
    RecordVersion.objects.create(
        entity=record_type(model),
        object_id=record.pk,
        version=expected,
        previous=before,
        replaced_at=timezone.now(),
        actor_id=actor.pk if actor is not None else None,
        actor_username=actor.get_username() if actor is not None else "",
        via=current_door() or "page",
    )
    record.version = expected + 1  # type: ignore[attr-defined]
    return expected + 1


def stale_check(record: models.Model, seen_version: int | None) -> None:
    """Refuse at once (before any rule is checked) a write against a version already replaced."""
    if seen_version is None:
        return
    current = record.version  # type: ignore[attr-defined]
    if current != seen_version:
        raise StaleRecord(record, seen_version, current, changes_since(record, seen_version))


@dataclass(frozen=True)
class VersionShown:
    version: int
    who: str
    when: dt.datetime | None
    via: str
    changes: list[Change]


def history_of(record: models.Model) -> list[VersionShown]:
    """Each version of the record, newest first, with who made it and what it changed; version 1
    (as first recorded) last. Reading it is a consultation: the caller logs it."""
    model = type(record)._meta.concrete_model or type(record)
    kept = list(
        RecordVersion.objects.filter(entity=record_type(model), object_id=record.pk).order_by("version", "id")
    )
    current = snapshot(record)
    shown = []
    for index, version in enumerate(kept):
        after = kept[index + 1].previous if index + 1 < len(kept) else current
        shown.append(
            VersionShown(
                version=version.version + 1,
                who=version.actor_username or "an import",
                when=version.replaced_at,
                via=version.via,
                changes=differences(model, version.previous, after),
            )
        )
    shown.append(VersionShown(version=1, who="", when=None, via="", changes=[]))
    shown.reverse()
    return shown


def seen_version_of(request, record: models.Model | None) -> int | None:
    """The version an edit form was filled from: its hidden field when posted, else the record's."""
    if record is None:
        return None
    if request.method != "POST":
        return record.version  # type: ignore[attr-defined]
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return None


# --- The bulk loader ---------------------------------------------------------------------------


def versions_kept_by_import(
    cursor,
    *,
    model: type[models.Model],
    staging: str,
    differs: str,
    compared: list[str],
    batch_id: int,
    actor: User | None,
    now: Any,
) -> list[str]:
    """Keep, in one INSERT ... SELECT, the values of every `model` row the staging table is about
    to change (`differs`: the loader's test on `t` the table and `s` the staging table), and return
    the SET clause moving each one on a version. The import's rule (docs/exchange-format.md): the
    source system's values replace ours; what they replace is kept here, never lost."""
    postgres = connection.vendor == "postgresql"
    build = "jsonb_build_object" if postgres else "json_object"
    columns = {f.column for f in model._meta.concrete_fields}
    versioned = "version" in columns
    kept = [*compared, "version"] if versioned and "version" not in compared else compared
    values = ", ".join(f"'{c}', t.\"{c}\"" for c in kept)
    version = 't."version"' if versioned else "0"
    cursor.execute(
        "INSERT INTO records_recordversion (entity, object_id, version, previous, replaced_at, "
        "actor_id, actor_username, via, batch_id) "
        f"SELECT %s, t.id, {version}, {build}({values}), %s, %s, %s, "
        f"'import', %s FROM \"{model._meta.db_table}\" AS t "
        f"JOIN {staging} AS s ON t.id = s.target_id WHERE {differs}",
        [
            record_type(model),
            now,
            actor.pk if actor is not None else None,
            actor.get_username() if actor is not None else "",
            batch_id,
        ],
    )
    return ['"version" = t."version" + 1'] if versioned else []


def changed_outside_imports(cursor, *, model: type[models.Model], staging: str, differs: str) -> list[tuple]:
    """The records the staging table is about to change whose current values someone wrote
    through a page, the API or a command since an import last did (their newest kept version was
    replaced by another door): `(id, version, actor_username, replaced_at, via)` each. The import
    compares against the version it last saw; these it must not overwrite (issue 17)."""
    if "version" not in {f.column for f in model._meta.concrete_fields}:
        return []  # not versioned (addresses): the source system's values stand
    cursor.execute(
        'SELECT t.id, t."version", v.actor_username, v.replaced_at, v.via '
        f'FROM "{model._meta.db_table}" AS t '
        f"JOIN {staging} AS s ON t.id = s.target_id "
        "JOIN records_recordversion AS v ON v.entity = %s AND v.object_id = t.id "
        f"AND v.version = t.\"version\" - 1 WHERE ({differs}) AND v.via <> 'import'",
        [record_type(model)],
    )
    return cursor.fetchall()


def with_updated_at(record: models.Model, fields) -> list[str]:
    """`update_fields` plus `updated_at` where the model keeps one: a save naming its fields leaves
    auto_now alone, and the API's incremental sync (?updated_since=) reads updated_at."""
    names = list(fields)
    if "updated_at" not in names and any(f.name == "updated_at" for f in record._meta.concrete_fields):
        names.append("updated_at")
    return names
