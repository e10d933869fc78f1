"""Loading an extract: read every file, check every row, then load the batch in one transaction.

Nothing is written while a row is wrong (unless the caller asked to skip invalid rows). Loading is
set-based: the rows of an entity go into a temporary staging table (COPY on PostgreSQL,
executemany on SQLite), then one INSERT ... SELECT adds the new records, one INSERT ... SELECT keeps
the previous version of each record that changed, and one UPDATE ... FROM changes them.
"""

import datetime as dt
import gc
import io
import json
import zipfile
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import compress
from operator import itemgetter
from pathlib import Path
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from tqdm import tqdm

from safeguarding.access.models import AccessAction, User
from safeguarding.access.services import access_record
from safeguarding.cases.models import Case, CaseParticipant
from safeguarding.exchange.formats import FORMATS, FORMATS_BY_NAME, ColumnType, EntityFormat
from safeguarding.exchange.matching import CERTAIN, Incoming, best_candidates, cached_phonetic_key
from safeguarding.exchange.models import BatchStatus, ImportBatch, MatchReview, PersonLink, ReviewStatus
from safeguarding.exchange.validation import (
    FileReading,
    Invalid,
    RowError,
    convert_column,
    converter_for,
    empty_value,
    evaluate_columns,
    model_rules,
    read_csv,
    read_jsonl,
)
from safeguarding.force.models import District, Team
from safeguarding.people.models import Address, Flag, Person

SUFFIXES = {".csv": read_csv, ".jsonl": read_jsonl, ".ndjson": read_jsonl}
COUNT_KEYS = ("inserted", "updated", "unchanged", "rejected", "review", "matched", "deferred")
_CHUNK = 2000
_RESOLVED = {ColumnType.DISTRICT, ColumnType.USERNAME, ColumnType.TEAM, ColumnType.REFERENCE}


@dataclass(frozen=True)
class Source:
    """One file of an extract, already read as text."""

    name: str
    text: str


def _decode(name: str, data: bytes) -> Source:
    return Source(name, data.decode("utf-8-sig", errors="replace"))


def sources_from_bytes(name: str, data: bytes) -> list[Source]:
    if name.lower().endswith(".zip"):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return [
                _decode(Path(member).name, archive.read(member))
                for member in sorted(archive.namelist())
                if not member.endswith("/") and Path(member).suffix.lower() in SUFFIXES
            ]
    return [_decode(Path(name).name, data)]


def sources_from_path(path: Path) -> list[Source]:
    if path.is_dir():
        return [
            _decode(p.name, p.read_bytes())
            for p in sorted(path.iterdir())
            if p.is_file() and p.suffix.lower() in SUFFIXES
        ]
    return sources_from_bytes(path.name, path.read_bytes())


@contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    """An import makes millions of small lists, tuples and strings and no reference cycles. The
    cyclic collector would walk them again and again as they pile up (it was four fifths of the
    reading time of a 1,000,000-row extract); reference counting still frees them all."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class Row:
    __slots__ = ("deferred", "file", "line", "ok", "values")

    def __init__(self, file: str, line: int, values: list):
        self.file = file
        self.line = line
        self.values = values
        self.ok = True
        self.deferred = False


@dataclass
class ImportResult:
    batch: ImportBatch | None
    errors: list[RowError]
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    loaded: bool = False

    def total(self, key: str) -> int:
        return sum(c.get(key, 0) for c in self.counts.values())

    def totals(self) -> dict[str, int]:
        return {key: self.total(key) for key in COUNT_KEYS}

    def summary(self) -> str:
        totals = self.totals()
        state = "loaded" if self.loaded else "NOT loaded (nothing changed)"
        return f"Batch {state}: " + ", ".join(f"{key} {value}" for key, value in totals.items())


class ExtractImport:
    def __init__(
        self, *, actor: User, source_system: str, skip_invalid: bool = False, progress: bool = False
    ):
        if not source_system or len(source_system) > 32:
            raise ValueError("A source system name of 1 to 32 characters is needed.")
        self.actor = actor
        self.system = source_system
        self.skip_invalid = skip_invalid
        self.progress = progress
        self.errors: list[RowError] = []
        self.rows: dict[str, list[Row]] = defaultdict(list)
        self.counts: dict[str, dict[str, int]] = {}
        self.files: list[str] = []
        self.col_index = {f.name: {c.name: i for i, c in enumerate(f.columns)} for f in FORMATS}
        # Keys of records already in the database: entity -> key -> id
        self.db_ids: dict[str, dict[Any, int]] = defaultdict(dict)
        self.review_refs: set[str] = set()
        self.matches: dict[str, Any] = {}
        self.districts = dict(District.objects.values_list("code", "id"))
        self.users: dict[str, int] = {}
        self.teams: dict[tuple[int, str], int] = {
            (district_id, name): pk
            for pk, district_id, name in Team.objects.values_list("id", "district_id", "name")
        }

    # -- reading and checking ---------------------------------------------------------------

    def _error(self, row: Row | None, file: str, line: int, column: str, reason: str) -> None:
        self.errors.append(RowError(file, line, column, reason))
        if row is not None:
            row.ok = False

    def read(self, sources: list[Source]) -> None:
        for source in sources:
            path = Path(source.name)
            reader = SUFFIXES.get(path.suffix.lower())
            entity = FORMATS_BY_NAME.get(path.stem)
            self.files.append(source.name)
            if reader is None or entity is None:
                self._error(
                    None,
                    source.name,
                    0,
                    "",
                    "unknown file: name it <entity>.csv or <entity>.jsonl, entity one of "
                    + ", ".join(FORMATS_BY_NAME),
                )
                continue
            self._read_file(reader(source.name, source.text, entity))

    def _read_file(self, reading: FileReading) -> None:
        entity = reading.entity
        if reading.header_errors:
            self.errors.extend(reading.header_errors)
            return  # a file whose columns are wrong has no rows worth checking
        if reading.csv is not None:
            self._read_csv_columns(reading)
            return
        plan = [(i, c, converter_for(c), empty_value(c)) for i, c in enumerate(entity.columns)]
        is_jsonl = reading.name.lower().endswith((".jsonl", ".ndjson"))
        missing = object()
        rows = self.rows[entity.name]
        name = reading.name
        for raw in tqdm(reading.rows, desc=name, unit=" rows", disable=not self.progress, leave=False):
            cells = raw.cells
            row = Row(name, raw.line, [None] * len(plan))
            if "__malformed__" in cells:
                self._error(row, name, raw.line, "", cells["__malformed__"])
                rows.append(row)
                continue
            values = row.values
            for index, column, convert, empty in plan:
                value = cells.get(column.name, missing)
                if value is missing or value is None or value == "":
                    if column.required:
                        what = (
                            "required field is missing"
                            if value is missing and is_jsonl
                            else "required value is empty"
                        )
                        self._error(row, name, raw.line, column.name, what)
                    else:
                        values[index] = list(empty) if isinstance(empty, list) else empty
                    continue
                try:
                    values[index] = convert(value)
                except Invalid as problem:
                    self._error(row, name, raw.line, column.name, str(problem))
            rows.append(row)

    def _read_csv_columns(self, reading: FileReading) -> None:
        """A CSV file column by column: each column is checked as a whole list."""
        entity = reading.entity
        name = reading.name
        table = reading.csv
        size = len(table.records)
        position = {column: i for i, column in enumerate(table.header)}
        cells_by_column = list(zip(*table.records, strict=True)) if size else []
        values_by_column: list[list] = []
        bad: set[int] = set()
        for column in tqdm(
            entity.columns, desc=name, unit=" columns", disable=not self.progress, leave=False
        ):
            if column.name not in position:
                empty = empty_value(column)
                values_by_column.append(
                    [list(empty) for _ in range(size)] if isinstance(empty, list) else [empty] * size
                )
                continue
            cells = list(cells_by_column[position[column.name]]) if size else []
            values, problems = convert_column(column, cells)
            for k, reason in problems:
                self.errors.append(RowError(name, table.lines[k], column.name, reason))
                bad.add(k)
            values_by_column.append(values)
        made = [
            Row(name, line, list(values))
            for line, values in zip(table.lines, zip(*values_by_column, strict=True), strict=True)
        ]
        for k in bad:
            made[k].ok = False
        width = len(entity.columns)
        for line, reason in table.malformed:
            row = Row(name, line, [None] * width)
            self._error(row, name, line, "", reason)
            made.append(row)
        if table.malformed:
            made.sort(key=lambda r: r.line)
        self.rows[entity.name].extend(made)

    def check(self) -> None:
        """Rules, duplicates and references, entity by entity in load order."""
        for entity in FORMATS:
            rows = self.rows.get(entity.name, [])
            if not rows:
                continue
            self._check_rules(entity, rows)
            self._check_duplicates(entity, rows)
            self._check_references(entity, rows)

    def _values(self, entity: EntityFormat, row: Row) -> dict:
        return {(c.field or c.name): v for c, v in zip(entity.columns, row.values, strict=True)}

    def _check_rules(self, entity: EntityFormat, rows: list[Row]) -> None:
        rules = model_rules(entity.model)
        if not rules:
            return
        checked = [row for row in rows if row.ok]
        if not checked:
            return
        fields = [c.field or c.name for c in entity.columns]
        columns = dict(
            zip(fields, map(list, zip(*(row.values for row in checked), strict=True)), strict=True)
        )
        columns_by_field = {(c.field or c.name): c.name for c in entity.columns}
        for rule in rules:
            outcome = evaluate_columns(rule.condition, columns, len(checked))
            if False not in outcome:
                continue
            column = columns_by_field.get(rule.fields[0], rule.fields[0])
            for row, passed in zip(checked, outcome, strict=True):
                if passed is False:
                    self._error(row, row.file, row.line, column, rule.describe())

    def _keys(self, entity: EntityFormat, rows: list[Row], columns: tuple[str, ...] | None = None) -> list:
        """Each row's key (or the given columns) as a tuple, in one pass."""
        index = self.col_index[entity.name]
        at = [index[c] for c in (columns or entity.key)]
        if len(at) == 1:
            (i,) = at
            return [(row.values[i],) for row in rows]
        pick = itemgetter(*at)
        return [pick(row.values) for row in rows]

    def _key(self, entity: EntityFormat, row: Row) -> tuple:
        index = self.col_index[entity.name]
        return tuple(row.values[index[name]] for name in entity.key)

    def _check_duplicates(self, entity: EntityFormat, rows: list[Row]) -> None:
        checks = [entity.key]
        for constraint in entity.model._meta.constraints:
            fields = getattr(constraint, "fields", ())
            if (
                fields
                and constraint.__class__.__name__ == "UniqueConstraint"
                and constraint.condition is None
            ):
                columns = tuple(c.name for f in fields for c in entity.columns if c.field == f)
                if len(columns) == len(fields) and columns != entity.key:
                    checks.append(columns)
        checks += [
            (c.name,) for c in entity.columns if c.field and entity.model._meta.get_field(c.field).unique
        ]
        index = self.col_index[entity.name]
        for columns in checks:
            keys = self._keys(entity, rows, columns)
            if len(set(keys)) == len(keys) or not any(None not in key for key in keys):
                # Every key distinct (the usual case): nothing to report. Keys holding a None
                # are skipped below, so distinct ones among the rest cannot clash either.
                continue
            seen: dict[tuple, Row] = {}
            for row in rows:
                key = tuple(row.values[index[c]] for c in columns)
                if any(v is None for v in key):
                    continue
                first = seen.setdefault(key, row)
                if first is not row:
                    where = (
                        f"line {first.line}" if first.file == row.file else f"{first.file} line {first.line}"
                    )
                    self._error(
                        row,
                        row.file,
                        row.line,
                        columns[-1],
                        f"duplicate {' + '.join(columns)}: also on {where}",
                    )
        if entity.model is Case:
            self._check_case_references_free(rows)

    def _check_case_references_free(self, rows: list[Row]) -> None:
        """Case.reference is unique across the force: another source's case may hold it."""
        index = self.col_index["cases"]
        refs = {row.values[index["reference"]]: row for row in rows if row.ok}
        taken = self._fetch(
            Case.objects.exclude(source_system=self.system),
            "reference__in",
            list(refs),
            ("reference", "source_reference"),
        )
        for reference, _source in taken:
            row = refs[reference]
            self._error(
                row,
                row.file,
                row.line,
                "reference",
                f"case reference {reference!r} is held by another source's case",
            )
        # And a case of this system held under a different source reference.
        same = self._fetch(
            Case.objects.filter(source_system=self.system),
            "reference__in",
            list(refs),
            ("reference", "source_reference"),
        )
        for reference, source_reference in same:
            row = refs[reference]
            if row.values[index["source_reference"]] != source_reference:
                self._error(
                    row,
                    row.file,
                    row.line,
                    "reference",
                    f"case reference {reference!r} belongs to source reference {source_reference!r}",
                )

    @staticmethod
    def _fetch(queryset, lookup: str, values: list, fields: tuple[str, ...]) -> list[tuple]:
        """Rows of queryset whose `lookup` field is in values. Many values: one scan of the
        queryset filtered here (long IN lists defeat the planner); few: chunked IN queries."""
        if len(values) > _CHUNK:
            name = lookup.removesuffix("__in")
            wanted = set(values)
            return [
                row[1:]
                for row in queryset.values_list(name, *fields).iterator(chunk_size=20_000)
                if row[0] in wanted
            ]
        found: list[tuple] = []
        for start in range(0, len(values), _CHUNK):
            found += list(queryset.filter(**{lookup: values[start : start + _CHUNK]}).values_list(*fields))
        return found

    def _known(self, target: str) -> set:
        """Keys this batch holds for an entity (bad rows count too, unless they are being skipped)."""
        entity = FORMATS_BY_NAME[target]
        rows = self.rows.get(target, [])
        if self.skip_invalid:
            rows = [row for row in rows if row.ok]
        known = set(self._keys(entity, rows))
        return {key for key in known if None not in key} if any(None in key for key in known) else known

    def _check_references(self, entity: EntityFormat, rows: list[Row]) -> None:
        index = self.col_index[entity.name]
        case_col = index.get("case_reference")
        for column in entity.columns:
            if column.type not in _RESOLVED:
                continue
            i = index[column.name]
            wanted = {row.values[i] for row in rows if row.values[i] is not None}
            if not wanted:
                continue
            if column.type == ColumnType.DISTRICT:
                unknown = wanted - set(self.districts)
                reason = "unknown district code {!r}"
            elif column.type == ColumnType.USERNAME:
                found = dict(
                    self._fetch(User.objects.all(), "username__in", sorted(wanted), ("username", "id"))
                )
                self.users.update(found)
                unknown = wanted - set(found)
                reason = "no user with username {!r}"
            elif column.type == ColumnType.TEAM:
                self._check_teams(entity, rows, i)
                continue
            elif column.type == ColumnType.REFERENCE:
                self._check_reference_column(entity, rows, column.name, column.target, i, case_col)
                continue
            else:
                continue
            if not unknown:
                continue
            for row in rows:
                # Checked on rows already found bad too: every problem of a row is reported.
                if row.values[i] in unknown:
                    self._error(row, row.file, row.line, column.name, reason.format(row.values[i]))

    def _check_teams(self, entity: EntityFormat, rows: list[Row], i: int) -> None:
        by_name: dict[str, list[int]] = defaultdict(list)
        for (_district, name), pk in self.teams.items():
            by_name[name].append(pk)
        for row in rows:
            name = row.values[i]
            if not row.ok or name is None:
                continue
            if entity.name == "cases":
                district = self.districts.get(row.values[self.col_index["cases"]["district"]])
                if (district, name) not in self.teams:
                    self._error(row, row.file, row.line, "team", f"no team {name!r} in the case's district")
            elif len(by_name.get(name, [])) != 1:
                problem = (
                    "no team named {!r}"
                    if not by_name.get(name)
                    else "team name {!r} is not unique: several districts"
                )
                self._error(row, row.file, row.line, "team", problem.format(name))

    def _check_reference_column(
        self, entity: EntityFormat, rows: list[Row], column: str, target: str, i: int, case_col: int | None
    ) -> None:
        in_batch = self._known(target)
        rejected = (
            {self._key(FORMATS_BY_NAME[target], r) for r in self.rows.get(target, []) if not r.ok}
            if self.skip_invalid
            else set()
        )
        target_entity = FORMATS_BY_NAME[target]
        entry_target = target_entity.is_entry
        checked = [row for row in rows if row.ok and row.values[i] is not None]
        if entry_target:
            keys = [(row.values[case_col], row.values[i]) for row in checked]
        else:
            keys = [(row.values[i],) for row in checked]
        outside = set(keys) - in_batch
        if not outside:
            return
        self._load_db_ids(target, outside)
        db = self.db_ids[target]
        if not outside - db.keys():
            return
        label = target.replace("_", " ")
        for row, key in zip(checked, keys, strict=True):
            value = key[-1]
            if key in in_batch or key in db:
                continue
            if target == "people" and value in self.review_refs:
                continue
            where = " in the same case" if entry_target else ""
            if key in rejected:
                reason = f"refers to {label} {value!r}{where}, which was rejected"
            else:
                reason = f"no {label} with source reference {value!r}{where} in this extract or the database"
            self._error(row, row.file, row.line, column, reason)

    def _load_db_ids(self, target: str, keys: set[tuple]) -> None:
        """Find which of these keys the database already holds (entity -> key -> id)."""
        known = self.db_ids[target]
        keys = {k for k in keys if k not in known}
        if not keys:
            return
        if target == "people":
            refs = [k[0] for k in keys]
            for ref, pk in self._fetch(
                Person.objects.filter(source_system=self.system),
                "source_reference__in",
                refs,
                ("source_reference", "id"),
            ):
                known[(ref,)] = pk
            for ref, pk in self._fetch(
                PersonLink.objects.filter(source_system=self.system),
                "source_reference__in",
                refs,
                ("source_reference", "person_id"),
            ):
                known.setdefault((ref,), pk)
            self.review_refs |= {
                ref
                for (ref,) in self._fetch(
                    MatchReview.objects.filter(source_system=self.system, status=ReviewStatus.PENDING),
                    "source_reference__in",
                    refs,
                    ("source_reference",),
                )
            }
        elif target == "cases":
            for ref, pk in self._fetch(
                Case.objects.filter(source_system=self.system),
                "source_reference__in",
                [k[0] for k in keys],
                ("source_reference", "id"),
            ):
                known[(ref,)] = pk
        elif target == "addresses":
            for ref, pk in self._fetch(
                Address.objects.all(),
                "source_reference__in",
                [k[0] for k in keys],
                ("source_reference", "id"),
            ):
                known[(ref,)] = pk
        else:
            model = FORMATS_BY_NAME[target].model
            case_refs = {k[0] for k in keys}
            self._load_db_ids("cases", {(r,) for r in case_refs})
            case_ids = {self.db_ids["cases"][(r,)]: r for r in case_refs if (r,) in self.db_ids["cases"]}
            for case_id, ref, pk in self._fetch(
                model.objects.exclude(source_reference=""),
                "case_id__in",
                list(case_ids),
                ("case_id", "source_reference", "id"),
            ):
                known[(case_ids[case_id], ref)] = pk

    # -- matching people --------------------------------------------------------------------

    def match_people(self) -> None:
        rows = [r for r in self.rows.get("people", []) if r.ok]
        if not rows:
            return
        index = self.col_index["people"]
        ref_i = index["source_reference"]
        self._load_db_ids("people", {(r.values[ref_i],) for r in rows})
        fresh = [
            r
            for r in rows
            if (r.values[ref_i],) not in self.db_ids["people"] and r.values[ref_i] not in self.review_refs
        ]
        incoming = [
            Incoming(
                r.values[ref_i],
                r.values[index["forename"]],
                r.values[index["surname"]],
                r.values[index["date_of_birth"]],
            )
            for r in fresh
        ]
        self.matches = best_candidates(incoming, source_system=self.system)
        for row in rows:
            ref = row.values[ref_i]
            match = self.matches.get(ref)
            if ref in self.review_refs or (
                match is not None and (match.confidence < CERTAIN or match.same_system_other_reference)
            ):
                row.deferred = True
                self.review_refs.add(ref)

    def defer_dependants(self) -> None:
        """Rows that need a person awaiting review wait too (a re-import after the review loads them)."""
        deferred: dict[str, set] = defaultdict(set)
        deferred["people"] = {(ref,) for ref in self.review_refs if (ref,) not in self.db_ids["people"]}
        if not deferred["people"]:
            return  # only a person awaiting review makes anything wait
        for entity in FORMATS:
            index = self.col_index[entity.name]
            case_col = index.get("case_reference")
            refs = [(index[c.name], c.target) for c in entity.columns if c.type == ColumnType.REFERENCE]
            for row in self.rows.get(entity.name, []):
                if not row.ok or row.deferred and entity.name == "people":
                    continue
                for i, target in refs:
                    value = row.values[i]
                    if value is None:
                        continue
                    key = (row.values[case_col], value) if FORMATS_BY_NAME[target].is_entry else (value,)
                    if key in deferred[target]:
                        row.deferred = True
                        deferred[entity.name].add(self._key(entity, row))
                        break

    # -- running a batch ----------------------------------------------------------------------

    def run(self, sources: list[Source]) -> ImportResult:
        with cyclic_gc_paused():
            return self._run(sources)

    def _run(self, sources: list[Source]) -> ImportResult:
        self.read(sources)
        self.check()
        self.match_people()
        self.defer_dependants()
        for entity in FORMATS:
            rows = self.rows.get(entity.name, [])
            if rows or entity.name == "people":
                self.counts[entity.name] = dict.fromkeys(COUNT_KEYS, 0)
                self.counts[entity.name]["rejected"] = sum(1 for r in rows if not r.ok)
                self.counts[entity.name]["deferred"] = sum(1 for r in rows if r.ok and r.deferred)
        self.errors.sort()
        if self.errors and not self.skip_invalid:
            return self._refuse()
        try:
            with transaction.atomic():
                return self._load()
        except IntegrityError as problem:
            # A rule the checks above did not foresee: refuse the batch whole, as for a bad row.
            self.errors.append(RowError("(batch)", 0, "", f"the database refused the batch: {problem}"))
            for counts in self.counts.values():
                counts.update(dict.fromkeys(("inserted", "updated", "unchanged", "review", "matched"), 0))
            return self._refuse()

    def _refuse(self) -> ImportResult:
        with transaction.atomic():
            batch = ImportBatch.objects.create(
                actor_id=self.actor.pk,
                actor_username=self.actor.get_username(),
                source_system=self.system,
                files=self.files,
                status=BatchStatus.REJECTED,
                skip_invalid=self.skip_invalid,
                counts={"entities": self.counts},
                errors=[e.as_dict() for e in self.errors[:10_000]],
            )
            self._log(batch, loaded=False)
        return ImportResult(batch, self.errors, self.counts, loaded=False)

    def _log(self, batch: ImportBatch, *, loaded: bool) -> None:
        totals = {key: sum(c.get(key, 0) for c in self.counts.values()) for key in COUNT_KEYS}
        access_record(
            actor=self.actor,
            action=AccessAction.IMPORT,
            object_type="import_batch",
            object_id=batch.pk,
            object_label=f"Import from {self.system}",
            # Counts only: never a name, reference or value from the extract.
            detail={"loaded": loaded, "files": len(self.files), "errors": len(self.errors), **totals},
        )

    def _load(self) -> ImportResult:
        batch = ImportBatch.objects.create(
            actor_id=self.actor.pk,
            actor_username=self.actor.get_username(),
            source_system=self.system,
            files=self.files,
            status=BatchStatus.LOADED,
            skip_invalid=self.skip_invalid,
            errors=[e.as_dict() for e in self.errors[:10_000]],
        )
        stager = Stager(batch, self.progress)
        now = timezone.now()
        for entity in FORMATS:
            rows = [r for r in self.rows.get(entity.name, []) if r.ok and not r.deferred]
            if entity.name == "people":
                self._queue_reviews(batch)
            if rows:
                EntityLoad(self, entity, rows, stager, now).run()
        batch.counts = {"entities": self.counts}
        batch.save(update_fields=["counts"])
        self._log(batch, loaded=True)
        return ImportResult(batch, self.errors, self.counts, loaded=True)

    def _queue_reviews(self, batch: ImportBatch) -> None:
        index = self.col_index["people"]
        people = FORMATS_BY_NAME["people"]
        counts = self.counts["people"]
        pending = {
            r.source_reference: r
            for r in MatchReview.objects.filter(
                source_system=self.system, status=ReviewStatus.PENDING
            ).filter(source_reference__in=list(self.review_refs))
        }
        for row in self.rows.get("people", []):
            if not row.ok:
                continue
            ref = row.values[index["source_reference"]]
            match = self.matches.get(ref)
            if row.deferred:
                incoming = {c.name: _jsonable(v) for c, v in zip(people.columns, row.values, strict=True)}
                counts["review"] += 1
                counts["deferred"] -= 1
                existing = pending.get(ref)
                if existing is not None:
                    if existing.incoming != incoming:
                        existing.incoming = incoming
                        existing.save(update_fields=["incoming"])
                elif match is not None:
                    MatchReview.objects.create(
                        batch=batch,
                        source_system=self.system,
                        source_reference=ref,
                        incoming=incoming,
                        candidate_id=match.person_id,
                        confidence=match.confidence,
                    )
            elif match is not None and (ref,) not in self.db_ids["people"]:
                # Certain: same names and date of birth, and no other record of this system for them.
                PersonLink.objects.create(
                    source_system=self.system,
                    source_reference=ref,
                    person_id=match.person_id,
                    linked_by_username=self.actor.get_username(),
                )
                self.db_ids["people"][(ref,)] = match.person_id
                counts["matched"] += 1


def _jsonable(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


_COPY_ROWS = 50_000
_COPY_NULL = "\\N"
_COPY_SPECIAL = ("\\", "\t", "\n", "\r")


def _copy_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def copy_text(values: list) -> list[str]:
    """One column in COPY's text format: NULL as \\N, backslash, tab and line ends escaped."""
    kinds = set(map(type, values))
    has_null = type(None) in kinds
    kinds.discard(type(None))
    if not kinds:
        return [_COPY_NULL] * len(values)
    if kinds == {bool}:
        texts = [None if v is None else ("t" if v else "f") for v in values]
    elif kinds == {str}:
        texts = values
    else:
        # Whole numbers, dates, times with their offset: str() is what PostgreSQL reads back.
        # Values repeat (one import time, a few thousand dates), so each is written once.
        written = dict.fromkeys(values)
        for value in written:
            written[value] = None if value is None else str(value)
        texts = list(map(written.__getitem__, values))
    joined = "".join(t for t in texts if t is not None) if has_null else "".join(texts)
    if any(special in joined for special in _COPY_SPECIAL):
        texts = [None if t is None else _copy_escape(t) for t in texts]
    if has_null:
        texts = [_COPY_NULL if t is None else t for t in texts]
    return texts


class Stager:
    """Fills the staging table: COPY on PostgreSQL, executemany elsewhere."""

    TABLE = "exchange_stage"

    def __init__(self, batch: ImportBatch, progress: bool):
        self.batch = batch
        self.progress = progress
        self.postgres = connection.vendor == "postgresql"

    def create(self, table: str, columns: list[str]) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {self.TABLE}")
            listed = ", ".join(f'"{c}"' for c in columns)
            cursor.execute(
                f"CREATE TEMP TABLE {self.TABLE} AS SELECT CAST(NULL AS BIGINT) AS target_id, {listed} "
                f'FROM "{table}" WHERE 1 = 0'
            )

    def fill(self, columns: list[str], values_by_column: list[list], label: str) -> None:
        """Stage rows given column by column (target_id first)."""
        if not self.postgres:
            listed = ", ".join(f'"{c}"' for c in ["target_id", *columns])
            marks = ", ".join(["%s"] * (len(columns) + 1))
            with connection.cursor() as cursor:
                cursor.executemany(
                    f"INSERT INTO {self.TABLE} ({listed}) VALUES ({marks})",
                    list(zip(*values_by_column, strict=True)),
                )
            return
        self.copy(self.TABLE, ["target_id", *columns], values_by_column, label)

    def copy(self, table: str, columns: list[str], values_by_column: list[list], label: str) -> None:
        """COPY rows given column by column into a table (PostgreSQL). The text is written in
        parts, so the server stores one part while the next is being written."""
        listed = ", ".join(f'"{c}"' for c in columns)
        size = len(values_by_column[0])
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(f'COPY "{table}" ({listed}) FROM STDIN') as copy,
            tqdm(
                total=size, desc=f"load {label}", unit=" rows", disable=not self.progress, leave=False
            ) as bar,
        ):
            for start in range(0, size, _COPY_ROWS):
                part = [copy_text(values[start : start + _COPY_ROWS]) for values in values_by_column]
                copy.write("\n".join(map("\t".join, zip(*part, strict=True))) + "\n")
                bar.update(min(_COPY_ROWS, size - start))

    def new_ids(self, table: str, count: int) -> list[int]:
        """Ids for rows about to be copied in, taken from the table's own sequence."""
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [table, count],
            )
            return [pk for (pk,) in cursor.fetchall()]

    def drop(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {self.TABLE}")


class EntityLoad:
    """One entity's rows: resolve references to ids, stage, then insert, keep history, update."""

    def __init__(
        self, batch_import: ExtractImport, entity: EntityFormat, rows: list[Row], stager: Stager, now
    ):
        self.imp = batch_import
        self.entity = entity
        self.rows = rows
        self.stager = stager
        self.now = now
        self.model = entity.model
        self.table = entity.model._meta.db_table
        self.counts = batch_import.counts[entity.name]
        self.postgres = connection.vendor == "postgresql"

    def _db_columns(self) -> list[str]:
        columns = []
        for column in self.entity.columns:
            if column.name == "source_reference":
                columns.append("source_reference")
            else:
                columns.append(self.model._meta.get_field(column.field).column)
        if self.model is Person:
            columns += ["forename_key", "surname_key", "source_system", "created_at", "updated_at"]
        elif self.model is Case:
            columns += ["source_system", "created_at"]
        return columns

    def _existing(self, case_ids: set[int], person_ids: set[int]) -> dict[tuple, int]:
        """Existing records this batch's rows would update, by their key in db terms."""
        name = self.entity.name
        imp = self.imp
        if name in ("people", "cases", "addresses"):
            ref_i = imp.col_index[name]["source_reference"]
            imp._load_db_ids(name, {(r.values[ref_i],) for r in self.rows})
            return dict(imp.db_ids[name])
        if name == "participants":
            return {
                (c, p, role): pk
                for c, p, role, pk in ExtractImport._fetch(
                    CaseParticipant.objects.all(),
                    "case_id__in",
                    sorted(case_ids),
                    ("case_id", "person_id", "role", "id"),
                )
            }
        if name == "flags":
            return {
                (p, kind, start): pk
                for p, kind, start, pk in ExtractImport._fetch(
                    Flag.objects.all(),
                    "person_id__in",
                    sorted(person_ids),
                    ("person_id", "kind", "starts_on", "id"),
                )
            }
        return {
            (c, ref): pk
            for c, ref, pk in ExtractImport._fetch(
                self.model.objects.exclude(source_reference=""),
                "case_id__in",
                sorted(case_ids),
                ("case_id", "source_reference", "id"),
            )
        }

    def _build(self) -> tuple[list[str], list[list]]:
        """db columns and their values, column by column, references resolved to ids."""
        imp = self.imp
        entity = self.entity
        index = imp.col_index[entity.name]
        size = len(self.rows)
        source = [list(c) for c in zip(*(row.values for row in self.rows), strict=True)]
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
                if FORMATS_BY_NAME[column.target].is_entry:
                    cases = source[index["case_reference"]]
                    values = [
                        None if v is None else known[(c, v)] for c, v in zip(cases, values, strict=True)
                    ]
                else:
                    values = [None if v is None else known[(v,)] for v in values]
            elif column.type == ColumnType.CODES:
                values = list(map(json.dumps, values))
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
        return self._db_columns(), built

    def _keys_of(self, at: dict[str, int], built: list[list]) -> list[tuple]:
        return list(zip(*(built[at[c]] for c in self._key_columns()), strict=True))

    def run(self) -> None:
        columns, built = self._build()
        at = {c: i for i, c in enumerate(columns)}
        case_ids = set(built[at["case_id"]]) if "case_id" in at else set()
        person_ids = set(built[at["person_id"]]) if "person_id" in at else set()
        existing = self._existing(case_ids, person_ids)
        if self.entity.is_entry:
            # Later entries may refer to these (a step to its investigation) by case and reference.
            case_refs = {pk: ref for (ref,), pk in self.imp.db_ids["cases"].items()}
            known = self.imp.db_ids[self.entity.name]
            for (case_id, ref), pk in existing.items():
                if case_id in case_refs:
                    known[(case_refs[case_id], ref)] = pk
        targets = list(map(existing.get, self._keys_of(at, built)))
        linked = self._linked_people() if self.model is Person else set()
        if linked and not linked.isdisjoint(targets):
            # Held under another system's record: this source only points at it.
            keep = [t is None or t not in linked for t in targets]
            self.counts["unchanged"] += keep.count(False)
            targets = [t for t, k in zip(targets, keep, strict=True) if k]
            built = [[v for v, k in zip(values, keep, strict=True) if k] for values in built]
        matched = len(targets) - targets.count(None)
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
        self.counts["unchanged"] += matched - updated

    def _linked_people(self) -> set[int]:
        ref_i = self.imp.col_index["people"]["source_reference"]
        refs = [r.values[ref_i] for r in self.rows]
        return {
            pk
            for (pk,) in ExtractImport._fetch(
                PersonLink.objects.filter(source_system=self.imp.system),
                "source_reference__in",
                refs,
                ("person_id",),
            )
        }

    def _adapters(self, columns: list[str]) -> list:
        if self.postgres:
            return [None] * len(columns)
        adapters = []
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
        build = "jsonb_build_object" if self.postgres else "json_object"
        snapshot = ", ".join(f"'{c}', t.\"{c}\"" for c in compared)
        now = self.now if self.postgres else connection.ops.adapt_datetimefield_value(self.now)
        sets = [f'"{c}" = s."{c}"' for c in changing]
        if "updated_at" in columns:
            sets.append('"updated_at" = s."updated_at"')
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO exchange_recordversion (batch_id, entity, object_id, previous, replaced_at) "
                f'SELECT %s, %s, t.id, {build}({snapshot}), %s FROM "{self.table}" AS t '
                f"JOIN {Stager.TABLE} AS s ON t.id = s.target_id WHERE {differs}",
                [self.stager.batch.pk, self.entity.name, now],
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
        new rows are copied straight into the table, with ids taken from its sequence first."""
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
        if not returning:
            self.stager.copy(self.table, columns, built, self.entity.name)
            return updated, size
        ids = self.stager.new_ids(self.table, size)
        self.stager.copy(self.table, ["id", *columns], [ids, *built], self.entity.name)
        at = {c: i for i, c in enumerate(columns)}
        self._remember(zip(ids, *(built[at[c]] for c in returning), strict=True))
        return updated, size

    def _returning(self) -> list[str]:
        """The columns that name a new record, for the ids later rows refer to it by."""
        name = self.entity.name
        if name in ("people", "cases", "addresses"):
            return ["source_reference"]
        return ["case_id", "source_reference"] if self.entity.is_entry else []

    def _remember(self, made) -> None:
        ids = self.imp.db_ids[self.entity.name]
        if self.entity.is_entry:
            case_refs = {pk: ref for (ref,), pk in self.imp.db_ids["cases"].items()}
            for pk, case_id, ref in made:
                ids[(case_refs[case_id], ref)] = pk
        else:
            for pk, ref in made:
                ids[(ref,)] = pk

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
        self._remember(made)
        return len(made)
