"""The read step: an extract's files decoded to text (a zip checked against the upload caps
first), then each file read (validation.read_csv / read_jsonl) and its values converted column by
column into a Table. Nothing is looked up in the database here."""

import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from tqdm import tqdm

from safeguarding.exchange.encodings import Undecodable, decode
from safeguarding.exchange.formats import FORMATS_BY_NAME
from safeguarding.exchange.loader.state import BatchState
from safeguarding.exchange.validation import (
    FileReading,
    Invalid,
    RowError,
    convert_column,
    converter_for,
    empty_value,
    read_csv,
    read_jsonl,
)
from safeguarding.uploads import ArchiveLimits, checked_members, read_members

SUFFIXES = {".csv": read_csv, ".jsonl": read_jsonl, ".ndjson": read_jsonl}


@dataclass(frozen=True)
class Source:
    """One file of an extract, already read as text (or refused, saying why: `problem`)."""

    name: str
    text: str
    encoding: str = "utf-8"
    problem: RowError | None = None


def _decode(name: str, data: bytes) -> Source:
    try:
        decoded = decode(data)
    except Undecodable as refused:
        return Source(name, "", "", RowError(name, refused.line, "", f"cannot be read: {refused}"))
    return Source(name, decoded.text, decoded.encoding)


def sources_from_bytes(name: str, data: bytes, limits: ArchiveLimits | None = None) -> list[Source]:
    """The extract's files. A zip is checked against the upload caps before anything is inflated
    and counted while it inflates (safeguarding/uploads.py); raises ArchiveRefused, naming the cap,
    or zipfile.BadZipFile."""
    if name.lower().endswith(".zip"):
        limits = limits or ArchiveLimits.from_settings()
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = sorted(checked_members(archive, limits), key=lambda info: info.filename)
            wanted = [info for info in members if Path(info.filename).suffix.lower() in SUFFIXES]
            read = read_members(archive, wanted, limits)
            return [_decode(Path(info.filename).name, raw) for info, raw in read]
    return [_decode(Path(name).name, data)]


def sources_from_path(path: Path) -> list[Source]:
    if path.is_dir():
        return [
            _decode(p.name, p.read_bytes())
            for p in sorted(path.iterdir())
            if p.is_file() and p.suffix.lower() in SUFFIXES
        ]
    return sources_from_bytes(path.name, path.read_bytes())


class Reading(BatchState):
    """Reads every file of the extract into the batch's tables."""

    def read(self, sources: list[Source]) -> None:
        for source in sources:
            path = Path(source.name)
            reader = SUFFIXES.get(path.suffix.lower())
            entity = FORMATS_BY_NAME.get(path.stem)
            self.files.append(source.name)
            if source.problem is not None:
                self.errors.append(source.problem)
                continue
            if reader is None or entity is None:
                self.errors.append(
                    RowError(
                        source.name,
                        0,
                        "",
                        "unknown file: name it <entity>.csv or <entity>.jsonl, entity one of "
                        + ", ".join(FORMATS_BY_NAME),
                    )
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
        name = reading.name
        lines: list[int] = []
        columns: list[list] = [[] for _ in plan]
        bad: set[int] = set()
        for raw in tqdm(reading.rows, desc=name, unit=" rows", disable=not self.progress, leave=False):
            cells = raw.cells
            k = len(lines)
            lines.append(raw.line)
            if "__malformed__" in cells:
                self.errors.append(RowError(name, raw.line, "", cells["__malformed__"]))
                bad.add(k)
                for values in columns:
                    values.append(None)
                continue
            for index, column, convert, empty in plan:
                value = cells.get(column.name, missing)
                if value is missing or value is None or value == "":
                    if column.required:
                        what = (
                            "required field is missing"
                            if value is missing and is_jsonl
                            else "required value is empty"
                        )
                        self.errors.append(RowError(name, raw.line, column.name, what))
                        bad.add(k)
                        columns[index].append(None)
                    else:
                        columns[index].append(list(empty) if isinstance(empty, list) else empty)
                    continue
                try:
                    columns[index].append(convert(value))
                except Invalid as problem:
                    self.errors.append(RowError(name, raw.line, column.name, str(problem)))
                    bad.add(k)
                    columns[index].append(None)
        self._table(entity).add(name, lines, columns, bad)

    def _read_csv_columns(self, reading: FileReading) -> None:
        """A CSV file column by column: each column is checked as a whole list."""
        entity = reading.entity
        name = reading.name
        table = reading.csv
        assert table is not None  # the caller reads only a CSV file here
        size = len(table.lines)
        position = {column: i for i, column in enumerate(table.header)}
        cells_by_column: Sequence[Sequence[str]]
        if table.columns is not None:
            cells_by_column = table.columns
        else:
            cells_by_column = list(zip(*table.records, strict=True)) if size else []
        table.records, table.columns = [], None  # the cells live on in the columns only
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
            values_by_column.append(values if isinstance(values, list) else list(values))
        lines = list(table.lines)
        for line, reason in table.malformed:
            self.errors.append(RowError(name, line, "", reason))
            bad.add(len(lines))
            lines.append(line)
            for values in values_by_column:
                values.append(None)
        self._table(entity).add(name, lines, values_by_column, bad)
