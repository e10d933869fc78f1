"""Imported changes held back: the import compares against the version it last saw (issue 17).

A record someone here changed since an import last wrote it (an officer corrected a date of
birth, a supervisor regraded an incident) is not overwritten by the next extract: its newest kept
version was replaced through a page, the API or a command, not an import. The columns where the
extract and the record now differ wait as an `ImportConflict` for a person to decide which values
stand; the rest of the batch loads. One statement finds them; only they are read row by row, so
a daily extract of unchanged or import-owned records pays one indexed join.

A decision to keep the values held here is remembered: the same extract values arriving again
(every night, until the source system is corrected) are not asked about again."""

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import models

from safeguarding.access.labels import record_type
from safeguarding.exchange.loader.stage import Stager
from safeguarding.exchange.models import ConflictStatus, ImportBatch, ImportConflict
from safeguarding.records.history import changed_outside_imports, comparable_value, plain_value

# Set from other columns by the record's own service (a person's name keys): never offered.
DERIVED_COLUMNS = frozenset({"forename_key", "surname_key"})
CHUNK = 500  # ids per IN list: well inside SQLite's bound on parameters


def _chunks(ids: list[int]) -> Iterable[list[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def _values(cursor, table: str, key: str, ids: list[int], columns: list[str]) -> dict[int, dict[str, Any]]:
    listed = ", ".join(f'"{c}"' for c in columns)
    found: dict[int, dict[str, Any]] = {}
    for part in _chunks(ids):
        marks = ", ".join(["%s"] * len(part))
        cursor.execute(f'SELECT "{key}", {listed} FROM "{table}" WHERE "{key}" IN ({marks})', part)
        for pk, *values in cursor.fetchall():
            found[pk] = dict(zip(columns, values, strict=True))
    return found


def _aware(when: Any) -> dt.datetime | None:
    """A raw cursor's time as Django's field takes it (SQLite's is naive UTC, or text)."""
    if isinstance(when, str):
        when = dt.datetime.fromisoformat(when)
    if isinstance(when, dt.datetime) and when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return when


def _districts(model: type[models.Model], ids: list[int]) -> dict[int, int | None]:
    """The district whose officers hold each record: its own, its case's or its person's."""
    names = {f.name for f in model._meta.concrete_fields}
    if "district" in names:
        path = "district_id"
    elif "case" in names:
        path = "case__district_id"
    elif "person" in names:
        path = "person__district_id"
    else:
        return {}
    found: dict[int, int | None] = {}
    for part in _chunks(ids):
        found.update(model._default_manager.filter(pk__in=part).values_list("pk", path))
    return found


def hold_back_conflicts(
    cursor,
    *,
    model: type[models.Model],
    entity: str,
    batch: ImportBatch,
    differs: str,
    changing: list[str],
) -> int:
    """Take out of the staging table every row whose record was changed here since an import
    last wrote it, recording what differs as a pending conflict (one per record: a newer extract
    replaces an older question). Returns how many wait for a decision."""
    rows = changed_outside_imports(cursor, model=model, staging=Stager.TABLE, differs=differs)
    if not rows:
        return 0
    ids = [row[0] for row in rows]
    incoming = _values(cursor, Stager.TABLE, "target_id", ids, changing)
    held = _values(cursor, str(model._meta.db_table), "id", ids, changing)
    kind = record_type(model)
    kept: dict[int, dict] = {}
    for part in _chunks(ids):
        for object_id, values in (
            ImportConflict.objects.filter(record_type=kind, object_id__in=part, status=ConflictStatus.KEPT)
            .order_by("decided_at", "id")
            .values_list("object_id", "incoming")
        ):
            kept[object_id] = values  # the newest decision wins
    districts = _districts(model, ids)
    conflicts = []
    for pk, version, who, when, via in rows:
        differ = {
            column: plain_value(value)
            for column, value in incoming[pk].items()
            if column not in DERIVED_COLUMNS
            and comparable_value(plain_value(value)) != comparable_value(plain_value(held[pk][column]))
        }
        if not differ or kept.get(pk) == differ:
            continue  # already decided: the values held here stand
        conflicts.append(
            ImportConflict(
                batch=batch,
                entity=entity,
                record_type=kind,
                object_id=pk,
                district_id=districts.get(pk),
                seen_version=version,
                incoming=differ,
                held={column: plain_value(held[pk][column]) for column in differ},
                changed_by_username=who or "",
                changed_at=_aware(when),
                changed_via=via or "",
            )
        )
    for part in _chunks(ids):
        ImportConflict.objects.filter(
            record_type=kind, object_id__in=part, status=ConflictStatus.PENDING
        ).delete()
        marks = ", ".join(["%s"] * len(part))
        cursor.execute(f"DELETE FROM {Stager.TABLE} WHERE target_id IN ({marks})", part)
    ImportConflict.objects.bulk_create(conflicts)
    return len(conflicts)
