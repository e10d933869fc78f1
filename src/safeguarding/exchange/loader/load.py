"""The load step: one entity's rows, references resolved to ids, staged, then the changed records'
previous versions kept, the changed records updated and the new ones inserted."""

import json
from collections.abc import Callable, Iterable
from itertools import compress
from typing import Any

from django.db import connection
from django.db.models import Field

from safeguarding.cases.models import Case, CaseParticipant
from safeguarding.exchange.formats import FORMATS_BY_NAME, ColumnType, EntityFormat
from safeguarding.exchange.loader.conflicts import hold_back_conflicts
from safeguarding.exchange.loader.lookups import fetch
from safeguarding.exchange.loader.rejudge import note_new, note_touched, owner_of
from safeguarding.exchange.loader.stage import Stager
from safeguarding.exchange.loader.state import BatchState
from safeguarding.exchange.loader.table import Table
from safeguarding.exchange.matching import cached_phonetic_key
from safeguarding.exchange.models import PersonLink
from safeguarding.people.models import Flag, Person
from safeguarding.records.history import versions_kept_by_import


def _has_updated_at(model) -> bool:
    return any(f.name == "updated_at" for f in model._meta.concrete_fields)


class EntityLoad:
    """One entity's rows: resolve references to ids, stage, then insert, keep history, update."""

    def __init__(
        self,
        batch_import: BatchState,
        entity: EntityFormat,
        table: Table,
        rows: list[int] | None,
        stager: Stager,
        now,
    ):
        self.imp = batch_import
        self.entity = entity
        self.index = table.index
        # The columns of the rows to load (the table's own lists when that is every row).
        self.source = [table.pick(c.name, rows) for c in entity.columns]
        self.stager = stager
        self.now = now
        self.model = entity.model
        self.table = entity.model._meta.db_table
        self.counts = batch_import.counts[entity.name]
        self.postgres = connection.vendor == "postgresql"
        self.held_back = 0  # rows waiting for a decision: changed here since an import wrote them

    def _db_columns(self) -> list[str]:
        columns = []
        for column in self.entity.columns:
            if column.name == "source_reference":
                columns.append("source_reference")
            else:
                field = self.model._meta.get_field(column.field)
                assert isinstance(field, Field) and field.column  # a concrete field of the model
                columns.append(field.column)
        if self.model is Person:
            columns += ["forename_key", "surname_key", "source_system", "created_at", "updated_at"]
        elif self.model is Case:
            columns += ["source_system", "created_at"]
        if self.model is not Person and _has_updated_at(self.model):
            columns.append("updated_at")  # the API's incremental sync sees imported changes too
        return columns

    def _existing(self, case_ids: set[int], person_ids: set[int]) -> dict[tuple, int]:
        """Existing records this batch's rows would update, by their key in db terms. Records
        this batch has just inserted cannot have any yet, so they are not looked for."""
        name = self.entity.name
        imp = self.imp
        if name in ("people", "cases", "addresses"):
            imp._load_db_ids(name, set(zip(self.source[self.index["source_reference"]])))
            return imp.db_ids[name]
        case_ids = case_ids - imp.inserted["cases"]
        person_ids = person_ids - imp.inserted["people"]
        if name == "participants":
            return {
                (c, p, role): pk
                for c, p, role, pk in fetch(
                    CaseParticipant.objects.all(),
                    "case_id__in",
                    sorted(case_ids),
                    ("case_id", "person_id", "role", "id"),
                )
            }
        if name == "flags":
            return {
                (p, kind, start): pk
                for p, kind, start, pk in fetch(
                    Flag.objects.all(),
                    "person_id__in",
                    sorted(person_ids),
                    ("person_id", "kind", "starts_on", "id"),
                )
            }
        return {
            (c, ref): pk
            for c, ref, pk in fetch(
                self.model._default_manager.exclude(source_reference=""),
                "case_id__in",
                sorted(case_ids),
                ("case_id", "source_reference", "id"),
            )
        }

    def _build(self) -> tuple[list[str], list[list]]:
        """db columns and their values, column by column, references resolved to ids."""
        imp = self.imp
        entity = self.entity
        index = self.index
        source = self.source
        size = len(source[0])
        ids = imp.db_ids
        teams_by_name = {name: pk for (_district, name), pk in imp.teams.items()}
        built: list[list] = []
        for i, column in enumerate(entity.columns):
            values = source[i]
            if column.type == ColumnType.DISTRICT:
                values = list(map(imp.districts.get, values))
            elif column.type == ColumnType.USERNAME:
                values = list(map(imp.users.get, values))
            elif column.type == ColumnType.TEAM:
                if entity.name == "cases":
                    districts = [imp.districts.get(d) for d in source[index["district"]]]
                    values = [
                        None if v is None else imp.teams[(d, v)]
                        for v, d in zip(values, districts, strict=True)
                    ]
                else:
                    values = [None if v is None else teams_by_name[v] for v in values]
            elif column.type == ColumnType.REFERENCE:
                known = ids[column.target]
                keys: Iterable[tuple]
                if FORMATS_BY_NAME[column.target].is_entry:
                    keys = zip(source[index["case_reference"]], values, strict=True)
                else:
                    keys = zip(values)
                if None in values:
                    values = [None if key[-1] is None else known[key] for key in keys]
                else:
                    values = list(map(known.__getitem__, keys))
            elif column.type == ColumnType.CODES and not self.postgres:
                values = list(map(json.dumps, values))  # PostgreSQL's binary COPY takes the list
            built.append(values)
        if self.model is Person:
            built += [
                list(map(cached_phonetic_key, source[index["forename"]])),
                list(map(cached_phonetic_key, source[index["surname"]])),
                [imp.system] * size,
                [self.now] * size,
                [self.now] * size,
            ]
        elif self.model is Case:
            built += [[imp.system] * size, [self.now] * size]
        if self.model is not Person and _has_updated_at(self.model):
            built.append([self.now] * size)
        return self._db_columns(), built

    def _keys_of(self, at: dict[str, int], built: list[list]) -> list[tuple]:
        return list(zip(*(built[at[c]] for c in self._key_columns()), strict=True))

    def run(self) -> None:
        columns, built = self._build()
        at = {c: i for i, c in enumerate(columns)}
        case_ids = set(built[at["case_id"]]) if "case_id" in at else set()
        person_ids = set(built[at["person_id"]]) if "person_id" in at else set()
        existing = self._existing(case_ids, person_ids)
        if self.entity.is_entry and existing:
            # Later entries may refer to these (a step to its investigation) by case and reference.
            case_refs = self.imp.case_references()
            known = self.imp.db_ids[self.entity.name]
            for (case_id, ref), pk in existing.items():
                if case_id in case_refs:
                    known[(case_refs[case_id], ref)] = pk
        size = len(built[0])
        targets = list(map(existing.get, self._keys_of(at, built))) if existing else [None] * size
        linked = self._linked_people() if self.model is Person else set()
        if linked and not linked.isdisjoint(targets):
            # Held under another system's record: this source only points at it.
            keep = [t is None or t not in linked for t in targets]
            self.counts["unchanged"] += keep.count(False)
            targets = [t for t, k in zip(targets, keep, strict=True) if k]
            built = [[v for v, k in zip(values, keep, strict=True) if k] for values in built]
        matched = len(targets) - targets.count(None)
        note_new(self.imp, self.entity, at, targets, built)
        adapt = self._adapters(columns)
        built = [
            values if a is None else [None if v is None else a(v) for v in values]
            for a, values in zip(adapt, built, strict=True)
        ]
        if self.postgres:
            updated, inserted = self._copy_in(columns, targets, built, matched)
        else:
            self.stager.create(self.table, columns)
            self.stager.fill(columns, [targets, *built], self.entity.name)
            updated = self._update(columns) if matched else 0
            inserted = self._insert(columns)
            self.stager.drop()
        self.counts["inserted"] += inserted
        self.counts["updated"] += updated
        self.counts["review"] += self.held_back
        self.counts["unchanged"] += matched - updated - self.held_back

    def _linked_people(self) -> set[int]:
        refs = self.source[self.index["source_reference"]]
        return {
            pk
            for (pk,) in fetch(
                PersonLink.objects.filter(source_system=self.imp.system),
                "source_reference__in",
                refs,
                ("person_id",),
            )
        }

    def _adapters(self, columns: list[str]) -> list:
        if self.postgres:
            return [None] * len(columns)
        adapters: list[Callable[[Any], Any] | None] = []
        for column in columns:
            field = next((f for f in self.model._meta.concrete_fields if f.column == column), None)
            if field is not None and field.get_internal_type() == "DateTimeField":
                adapters.append(connection.ops.adapt_datetimefield_value)
            elif field is not None and field.get_internal_type() == "DateField":
                adapters.append(str)
            else:
                adapters.append(None)
        return adapters

    def _compared(self, columns: list[str]) -> list[str]:
        return [c for c in columns if c not in {"created_at", "updated_at", "source_system"}]

    def _update(self, columns: list[str]) -> int:
        compared = self._compared(columns)
        key_columns = set(self._key_columns())
        changing = [c for c in compared if c not in key_columns]
        if not changing:
            return 0
        differs = " OR ".join(f't."{c}" IS DISTINCT FROM s."{c}"' for c in changing)
        now = self.now if self.postgres else connection.ops.adapt_datetimefield_value(self.now)
        sets = [f'"{c}" = s."{c}"' for c in changing]
        if "updated_at" in columns:
            sets.append('"updated_at" = s."updated_at"')
        owner = owner_of(self.entity)
        with connection.cursor() as cursor:
            self.held_back = hold_back_conflicts(
                cursor,
                model=self.model,
                entity=self.entity.name,
                batch=self.stager.batch,
                differs=differs,
                changing=changing,
            )
            if owner is not None:
                # Which records change, before they do: their case (or person) is re-judged.
                cursor.execute(
                    f'SELECT DISTINCT t."{owner[0]}" FROM "{self.table}" AS t '
                    f"JOIN {Stager.TABLE} AS s ON t.id = s.target_id WHERE {differs}"
                )
                note_touched(self.imp, owner[1], (row[0] for row in cursor.fetchall()))
            sets += versions_kept_by_import(
                cursor,
                model=self.model,
                staging=Stager.TABLE,
                differs=differs,
                compared=compared,
                batch_id=self.stager.batch.pk,
                actor=self.imp.actor,
                now=now,
            )
            cursor.execute(
                f'UPDATE "{self.table}" AS t SET {", ".join(sets)} FROM {Stager.TABLE} AS s '
                f"WHERE t.id = s.target_id AND ({differs})"
            )
            return cursor.rowcount

    def _key_columns(self) -> list[str]:
        name = self.entity.name
        if name in ("people", "cases", "addresses"):
            return ["source_reference"]
        if name == "participants":
            return ["case_id", "person_id", "role"]
        if name == "flags":
            return ["person_id", "kind", "starts_on"]
        return ["case_id", "source_reference"]

    def _copy_in(self, columns: list[str], targets: list, built: list[list], matched: int) -> tuple[int, int]:
        """PostgreSQL: rows already held go through the staging table (history, then UPDATE);
        new rows are copied straight into the table (once every entity is ready: see
        Stager.copy_pending), with ids taken from its sequence first when later rows need them."""
        updated = 0
        if matched:
            if matched == len(targets):
                held, built_new = [targets, *built], None
            else:
                keep = [t is not None for t in targets]
                held = [list(compress(values, keep)) for values in [targets, *built]]
                fresh = [t is None for t in targets]
                built_new = [list(compress(values, fresh)) for values in built]
            self.stager.create(self.table, columns)
            self.stager.fill(columns, held, self.entity.name)
            updated = self._update(columns)
            self.stager.drop()
            if built_new is None:
                return updated, 0
            built = built_new
        size = len(built[0])
        if not size:
            return updated, 0
        returning = self._returning()
        if not returning or not self._referred_to():
            # Nothing refers to these records by id: the table's own default numbers them.
            self.stager.copy_later(self.table, columns, built, self.entity.name)
            return updated, size
        ids = self.stager.new_ids(self.table, size)
        self.stager.copy_later(self.table, ["id", *columns], [ids, *built], self.entity.name)
        at = {c: i for i, c in enumerate(columns)}
        self._remember(ids, *(built[at[c]] for c in returning))
        return updated, size

    def _referred_to(self) -> bool:
        """Does a file of this batch refer to this entity's records (so their ids are needed)?"""
        return any(
            column.type == ColumnType.REFERENCE and column.target == self.entity.name
            for table in self.imp.tables.values()
            for column in table.entity.columns
        )

    def _returning(self) -> list[str]:
        """The columns that name a new record, for the ids later rows refer to it by."""
        name = self.entity.name
        if name in ("people", "cases", "addresses"):
            return ["source_reference"]
        return ["case_id", "source_reference"] if self.entity.is_entry else []

    def _remember(self, ids: list[int], *key_columns: list) -> None:
        """Record the ids of new records under their keys (an entry's: case reference and its own)."""
        known = self.imp.db_ids[self.entity.name]
        if self.entity.is_entry:
            case_refs = self.imp.case_references()
            case_ids, refs = key_columns
            known.update(zip(zip(map(case_refs.__getitem__, case_ids), refs, strict=True), ids, strict=True))
        else:
            (refs,) = key_columns
            known.update(zip(zip(refs), ids, strict=True))
        self.imp.inserted[self.entity.name].update(ids)
        if self.entity.name == "cases":
            self.imp.case_refs = None

    def _insert(self, columns: list[str]) -> int:
        listed = ", ".join(f'"{c}"' for c in columns)
        returning = self._returning()
        sql = (
            f'INSERT INTO "{self.table}" ({listed}) '
            f"SELECT {listed} FROM {Stager.TABLE} WHERE target_id IS NULL"
        )
        with connection.cursor() as cursor:
            if not returning:
                cursor.execute(sql)
                return cursor.rowcount
            cursor.execute(sql + " RETURNING id, " + ", ".join(f'"{c}"' for c in returning))
            made = cursor.fetchall()
        if made:
            self._remember(*map(list, zip(*made, strict=True)))
        return len(made)
