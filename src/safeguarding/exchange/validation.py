"""Reading an extract and checking every value: each problem is a RowError naming file, line,
column and reason. Converters are plain functions picked once per column, so a million rows cost
one call per value."""

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import repeat
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from safeguarding.exchange import dates
from safeguarding.exchange.formats import Column, ColumnType, EntityFormat
from safeguarding.people.codes import self_defined_from
from safeguarding.people.validators import IDENTIFIERS

SMALL_INTEGER_MAX = 32767
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")
_TRUE = {"true", "yes", "y", "1"}
_FALSE = {"false", "no", "n", "0"}


@dataclass(frozen=True, order=True)
class RowError:
    file: str
    line: int
    column: str
    reason: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}"
        return f"{where}: {self.column}: {self.reason}" if self.column else f"{where}: {self.reason}"

    def as_dict(self) -> dict:
        return {"file": self.file, "line": self.line, "column": self.column, "reason": self.reason}


class Invalid(ValueError):
    pass


def _text(column: Column) -> Callable[[Any], Any]:
    limit = column.max_length

    def convert(raw):
        if not isinstance(raw, str):
            raise Invalid(f"expected text, got {type(raw).__name__}")
        if "\x00" in raw:
            raise Invalid("contains a NUL character")
        if limit is not None and len(raw) > limit:
            raise Invalid(f"longer than {limit} characters ({len(raw)})")
        return raw

    return convert


def _postcode(column: Column) -> Callable[[Any], Any]:
    text = _text(column)

    def convert(raw):
        return "".join(text(raw).split()).upper()

    return convert


def _integer(column: Column) -> Callable[[Any], Any]:
    def convert(raw):
        if isinstance(raw, bool) or not isinstance(raw, (int, str)):
            raise Invalid(f"not a whole number: {raw!r}")
        try:
            value = int(raw)
        except ValueError:
            raise Invalid(f"not a whole number: {raw!r}") from None
        if not 0 <= value <= SMALL_INTEGER_MAX:
            raise Invalid(f"{value} is outside 0..{SMALL_INTEGER_MAX}")
        return value

    return convert


def _boolean(column: Column) -> Callable[[Any], Any]:
    def convert(raw):
        if isinstance(raw, bool):
            return raw
        word = str(raw).strip().lower()
        if word in _TRUE:
            return True
        if word in _FALSE:
            return False
        raise Invalid(f"not true/false: {raw!r}")

    return convert


def _date(column: Column) -> Callable[[Any], Any]:
    def convert(raw):
        if not isinstance(raw, str):
            raise Invalid(f"not a date (YYYY-MM-DD): {raw!r}")
        if not _DATE.match(raw):
            try:
                return dates.parse_date(raw)
            except ValueError as problem:
                raise Invalid(str(problem)) from None
        try:
            return dt.date.fromisoformat(raw)
        except ValueError:
            raise Invalid(f"not a real date: {raw!r}") from None

    return convert


def _datetime(column: Column) -> Callable[[Any], Any]:
    zone = ZoneInfo(settings.TIME_ZONE)

    def convert(raw):
        if not isinstance(raw, str):
            raise Invalid(f"not a date and time (ISO 8601, e.g. 2026-03-02T09:30:00+00:00): {raw!r}")
        if _DATETIME.match(raw):
            try:
                value = dt.datetime.fromisoformat(raw)
            except ValueError:
                raise Invalid(f"not a real date and time: {raw!r}") from None
        else:
            try:
                value = dates.parse_datetime(raw)
            except ValueError as problem:
                raise Invalid(str(problem)) from None
        if value.tzinfo is None:
            # Extracts without an offset are in the force's local time.
            value = value.replace(tzinfo=zone)
        return value

    return convert


def _code(column: Column) -> Callable[[Any], Any]:
    allowed = frozenset(column.choices)
    listing = ", ".join(c for c in column.choices if c)

    def convert(raw):
        if raw not in allowed:
            raise Invalid(f"unknown code {raw!r} (expected one of: {listing})")
        return raw

    return convert


def _codes(column: Column) -> Callable[[Any], Any]:
    code = _code(column)

    def convert(raw):
        items = raw if isinstance(raw, list) else [p.strip() for p in str(raw).split(";") if p.strip()]
        return [code(item) for item in items]

    return convert


def _reference(column: Column) -> Callable[[Any], Any]:
    def convert(raw):
        if isinstance(raw, int) and not isinstance(raw, bool):
            raw = str(raw)
        if not isinstance(raw, str):
            raise Invalid(f"expected a reference, got {type(raw).__name__}")
        if "\x00" in raw or len(raw) > 64:
            raise Invalid("not a valid reference (at most 64 characters, no NUL)")
        return raw

    return convert


def _identifier(column: Column) -> Callable[[Any], Any]:
    """An NHS number, PNC ID or UPN: held in its normal form, refused with the shared validator's
    words (people/validators.py) when its layout or check character is wrong."""
    text = _text(Column(column.name, ColumnType.TEXT))
    normalise, problem_of = IDENTIFIERS[column.field]

    def convert(raw):
        if isinstance(raw, int) and not isinstance(raw, bool):
            raw = str(raw)  # an NHS number as a JSON number
        value = normalise(text(raw))
        problem = problem_of(value)
        if problem:
            raise Invalid(problem)
        return value

    return convert


def _self_defined_ethnicity(column: Column) -> Callable[[Any], Any]:
    """An 18+1 code, or a DfE or older police code read as the 18+1 code it means (people/codes.py)."""
    listing = ", ".join(c for c in column.choices if c)

    def convert(raw):
        code = self_defined_from(raw) if isinstance(raw, str) else None
        if code is None:
            raise Invalid(
                f"unknown code {raw!r} (expected an 18+1 code: {listing}; or a DfE code such as WBRI)"
            )
        return code

    return convert


# Columns read by their own converter, whatever their type (by the model field they fill).
_BY_FIELD: dict[str, Callable[[Column], Callable[[Any], Any]]] = {
    **dict.fromkeys(IDENTIFIERS, _identifier),
    "ethnicity_self_defined": _self_defined_ethnicity,
}


CONVERTERS: dict[str, Callable[[Column], Callable[[Any], Any]]] = {
    ColumnType.TEXT: _text,
    ColumnType.INTEGER: _integer,
    ColumnType.BOOLEAN: _boolean,
    ColumnType.DATE: _date,
    ColumnType.DATETIME: _datetime,
    ColumnType.CODE: _code,
    ColumnType.CODES: _codes,
    ColumnType.REFERENCE: _reference,
    ColumnType.USERNAME: _reference,
    ColumnType.DISTRICT: _reference,
    ColumnType.TEAM: _reference,
}


def converter_for(column: Column) -> Callable[[Any], Any]:
    if column.name == "postcode":
        return _postcode(column)
    if column.field in _BY_FIELD and column.name == column.field:
        return _BY_FIELD[column.field](column)
    return CONVERTERS[column.type](column)


def empty_value(column: Column) -> Any:
    """What an empty cell means for a column that is not required."""
    if column.type == ColumnType.CODES:
        return []
    if column.default is not None:
        return column.default
    if column.nullable or column.type in {
        ColumnType.REFERENCE,
        ColumnType.USERNAME,
        ColumnType.TEAM,
        ColumnType.DATE,
        ColumnType.DATETIME,
    }:
        return None
    return ""


# -- model rules (check constraints) evaluated on a row before it reaches the database --------


def _q_fields(q: Q) -> list[str]:
    names = []
    for child in q.children:
        if isinstance(child, Q):
            names += _q_fields(child)
        else:
            names.append(child[0].split("__")[0])
    return names


def _lookup(values: dict, lookup: str, operand: Any) -> bool | None:
    name, _, op = lookup.partition("__")
    left = values.get(name)
    right = values.get(operand.name) if isinstance(operand, F) else operand
    if op == "isnull":
        return (left is None) == bool(right)
    if left is None or right is None:
        return None  # SQL: a comparison with NULL is unknown, and a CHECK passes on unknown
    if op in ("", "exact"):
        return left == right
    if op == "gte":
        return left >= right
    if op == "gt":
        return left > right
    if op == "lte":
        return left <= right
    if op == "lt":
        return left < right
    raise NotImplementedError(lookup)


def evaluate(q: Q, values: dict) -> bool | None:
    """Three-valued evaluation of a check constraint's condition, as the database would."""
    results = [
        evaluate(child, values) if isinstance(child, Q) else _lookup(values, child[0], child[1])
        for child in q.children
    ]
    if q.connector == Q.AND:
        result: bool | None = False if False in results else (None if None in results else True)
    else:
        result = True if True in results else (None if None in results else False)
    if q.negated:
        result = None if result is None else not result
    return result


@dataclass(frozen=True)
class Rule:
    name: str
    condition: Q
    fields: tuple[str, ...]

    def broken_by(self, values: dict) -> bool:
        return evaluate(self.condition, values) is False

    def describe(self) -> str:
        return f"breaks the rule {self.name!r} (fields: {', '.join(dict.fromkeys(self.fields))})"


def model_rules(model: type[models.Model]) -> list[Rule]:
    return [
        Rule(c.name, c.condition, tuple(_q_fields(c.condition)))
        for c in model._meta.constraints
        if isinstance(c, models.CheckConstraint)
    ]


# -- reading files ----------------------------------------------------------------------------


@dataclass
class RawRow:
    line: int
    cells: dict[str, Any]


@dataclass
class CsvRecords:
    """A CSV file's records as lists of cells, each with the line it ended on."""

    header: list[str]
    lines: list[int]
    records: list[list[str]]
    # (line, reason) for records that could not be read as a row of the header's width
    malformed: list[tuple[int, str]]
    # The same cells column by column (one list per header column), when read that way
    columns: list[list[str]] | None = None


@dataclass
class FileReading:
    """The rows of one file, or the errors that stopped it being read."""

    name: str
    entity: EntityFormat
    header_errors: list[RowError]
    rows: Iterator[RawRow]
    csv: CsvRecords | None = None


DELIMITERS = (",", ";", "\t", "|")


def detect_delimiter(text: str, entity: EntityFormat) -> str:
    """The delimiter that splits the header line into the most of the entity's column names
    (Excel in many European locales writes `;`, some systems tabs or `|`); a comma when none does."""
    first_line = text[: text.find("\n", 0, 65536) if "\n" in text[:65536] else 65536].lstrip("\ufeff")
    known = {column.name for column in entity.columns}

    def names_found(delimiter: str) -> int:
        try:
            cells = next(csv.reader([first_line], delimiter=delimiter), [])
        except csv.Error:
            return 0  # not a header line in this delimiter; the read reports what is wrong
        return sum(1 for cell in cells if cell.strip().strip('"') in known)

    return max(DELIMITERS, key=lambda d: (names_found(d), d == ","))


def read_csv(name: str, text: str, entity: EntityFormat) -> FileReading:
    delimiter = detect_delimiter(text, entity)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True, delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        return FileReading(name, entity, [RowError(name, 1, "", "empty file: no header line")], iter(()))
    except csv.Error as problem:
        return FileReading(name, entity, [RowError(name, 1, "", f"malformed CSV: {problem}")], iter(()))
    header = [h.strip().lstrip("\ufeff") for h in header]
    errors = header_problems(name, header, entity)
    if errors:
        return FileReading(name, entity, errors, iter(()))
    ends_with_newline = text.endswith(("\n", "\r"))
    width = len(header)
    lines: list[int] = []
    records: list[list[str]] = []
    malformed: list[tuple[int, str]] = []
    read = None
    if delimiter == "," and '"' not in text and "\r" not in text and "\x00" not in text:
        # No quoting, no NUL and plain line ends: a record is a line split at its commas (what
        # the csv module would make of it, at a third of the cost), record k on line k + 2.
        rows = text.split("\n")[1:]
        if rows and rows[-1] == "":
            rows.pop()  # the line end of the last line
        if rows and "" not in rows and set(map(str.count, rows, repeat(","))) == {width - 1}:
            # Every line of the header's width: the cells split in one go, a column is every
            # width-th cell of them.
            cells = ",".join(rows).split(",")
            columns = [cells[i::width] for i in range(width)]
            lines = list(range(2, len(rows) + 2))
            return FileReading(name, entity, [], iter(()), CsvRecords(header, lines, [], [], columns))
        read = [line.split(",") if line else [] for line in rows]
    if read is not None:
        if [] in read:
            kept = [(k + 2, cells) for k, cells in enumerate(read) if cells]
            lines, records = [k for k, _ in kept], [cells for _, cells in kept]
        else:
            lines, records = list(range(2, len(read) + 2)), read
    else:
        try:
            for cells in reader:
                if cells:
                    lines.append(reader.line_num)
                    records.append(cells)
        except csv.Error as problem:
            hint = " (the file ends inside a quoted value: truncated?)" if "EOF" in str(problem) else ""
            malformed.append((reader.line_num, f"malformed CSV: {problem}{hint}"))
    if records and not all(len(cells) == width for cells in records):
        kept_lines, kept = [], []
        last = len(records) - 1
        for k, (line, cells) in enumerate(zip(lines, records, strict=True)):
            if len(cells) == width:
                kept_lines.append(line)
                kept.append(cells)
                continue
            reason = f"has {len(cells)} fields, the header has {width}"
            if k == last and not malformed and not ends_with_newline:
                reason += " (last line without a line end: the file looks truncated)"
            malformed.append((line, reason))
        lines, records = kept_lines, kept
    return FileReading(name, entity, [], iter(()), CsvRecords(header, lines, records, malformed))


def read_jsonl(name: str, text: str, entity: EntityFormat) -> FileReading:
    def rows() -> Iterator[RawRow]:
        lines = text.splitlines()
        last = len(lines)
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                cells = json.loads(line)
            except ValueError as problem:
                hint = " (last line: truncated?)" if number == last and not text.endswith("\n") else ""
                yield RawRow(number, {"__malformed__": f"invalid JSON: {problem}{hint}"})
                continue
            if not isinstance(cells, dict):
                yield RawRow(number, {"__malformed__": "each line must be a JSON object"})
                continue
            unknown = sorted(set(cells) - {c.name for c in entity.columns})
            if unknown:
                yield RawRow(number, {"__malformed__": f"unknown field(s): {', '.join(unknown)}"})
                continue
            yield RawRow(number, cells)

    return FileReading(name, entity, [], rows())


def header_problems(name: str, header: list[str], entity: EntityFormat) -> list[RowError]:
    known = {c.name for c in entity.columns}
    problems = [
        RowError(name, 1, column, "required column is missing from the header")
        for column in entity.required_columns
        if column not in header
    ]
    problems += [
        RowError(name, 1, column, f"unknown column for {entity.name}")
        for column in header
        if column not in known
    ]
    seen = set()
    for column in header:
        if column in seen:
            problems.append(RowError(name, 1, column, "column appears twice in the header"))
        seen.add(column)
    return problems


# -- whole columns at once ----------------------------------------------------------------------
# A CSV column is checked in one pass of C-level operations (a set, a regex map, fromisoformat over
# the list). Only a column with at least one doubtful cell goes cell by cell through the converter
# above, so the error messages are the same whichever way a column went.

_BOOL_WORDS = {**dict.fromkeys(_TRUE, True), **dict.fromkeys(_FALSE, False)}


def _plain_text(cells: list[str], limit: int | None) -> bool:
    return (limit is None or max(map(len, cells)) <= limit) and "\x00" not in "".join(cells)


def _fast_column(column: Column, cells: list[str]) -> list | None:
    """Every cell converted, or None when any cell needs a closer look."""
    kind = column.type
    if column.field in _BY_FIELD and column.name == column.field and kind != ColumnType.CODE:
        return None  # identifiers: each cell normalised and checked by its converter
    if column.name == "postcode":
        if not _plain_text(cells, column.max_length):
            return None
        return ["".join(c.split()).upper() for c in cells]
    if kind == ColumnType.TEXT:
        return cells if _plain_text(cells, column.max_length) else None
    if kind in (ColumnType.REFERENCE, ColumnType.USERNAME, ColumnType.DISTRICT, ColumnType.TEAM):
        return cells if _plain_text(cells, 64) else None
    if kind == ColumnType.CODE:
        return cells if set(cells) <= set(column.choices) else None
    try:
        if kind in (ColumnType.DATE, ColumnType.DATETIME):
            # Dates and times repeat: each distinct one is checked and converted once.
            distinct = dict.fromkeys(cells)
            if kind == ColumnType.DATE:
                if not all(map(_DATE.match, distinct)):
                    return None
                converted = dict(zip(distinct, map(dt.date.fromisoformat, distinct), strict=True))
            else:
                if not all(map(_DATETIME.match, distinct)):
                    return None
                zone = ZoneInfo(settings.TIME_ZONE)
                converted = {
                    cell: v if v.tzinfo is not None else v.replace(tzinfo=zone)
                    for cell, v in zip(distinct, map(dt.datetime.fromisoformat, distinct), strict=True)
                }
            return list(map(converted.__getitem__, cells))
        if kind == ColumnType.INTEGER:
            values = list(map(int, cells))
            return values if min(values) >= 0 and max(values) <= SMALL_INTEGER_MAX else None
        if kind == ColumnType.BOOLEAN:
            return [_BOOL_WORDS[c] for c in cells]
    except (ValueError, KeyError):
        return None
    return None  # lists of codes: cell by cell


def convert_column(column: Column, cells: list[str]) -> tuple[list, list[tuple[int, str]]]:
    """A CSV column's values and its problems as (row index, reason)."""
    problems: list[tuple[int, str]] = []
    empty = empty_value(column)
    blanks = [i for i, c in enumerate(cells) if not c] if "" in cells else []
    if blanks:
        filled = [i for i, c in enumerate(cells) if c]
        if column.required:
            problems += [(i, "required value is empty") for i in blanks]
        values: list = [list(empty) if isinstance(empty, list) else empty for _ in cells]
        sub = [cells[i] for i in filled]
    else:
        filled = None
        values = []
        sub = cells
    converted = _fast_column(column, sub) if sub else []
    if converted is None:
        convert = converter_for(column)
        converted = [None] * len(sub)
        for k, raw in enumerate(sub):
            try:
                converted[k] = convert(raw)
            except Invalid as problem:
                problems.append((filled[k] if filled is not None else k, str(problem)))
    if filled is None:
        return converted, problems
    for i, value in zip(filled, converted, strict=True):
        values[i] = value
    return values, problems


def _compare(op: str):
    return {
        "": lambda a, b: a == b,
        "exact": lambda a, b: a == b,
        "gte": lambda a, b: a >= b,
        "gt": lambda a, b: a > b,
        "lte": lambda a, b: a <= b,
        "lt": lambda a, b: a < b,
    }[op]


def evaluate_columns(q: Q, columns: dict[str, list], size: int) -> list[bool | None]:
    """evaluate() over whole columns: one list of True/False/None per condition node."""
    nothing = [None] * size
    results = []
    for child in q.children:
        if isinstance(child, Q):
            results.append(evaluate_columns(child, columns, size))
            continue
        lookup, operand = child
        name, _, op = lookup.partition("__")
        left = columns.get(name, nothing)
        if op == "isnull":
            wanted = bool(operand)
            results.append([(v is None) == wanted for v in left])
            continue
        test = _compare(op) if op in ("", "exact", "gte", "gt", "lte", "lt") else None
        if test is None:
            raise NotImplementedError(lookup)
        right = columns.get(operand.name, nothing) if isinstance(operand, F) else [operand] * size
        results.append(
            [None if a is None or b is None else test(a, b) for a, b in zip(left, right, strict=True)]
        )
    if len(results) == 1:
        combined = results[0]
    elif q.connector == Q.AND:
        combined = [
            False if False in r else (None if None in r else True) for r in zip(*results, strict=True)
        ]
    else:
        combined = [True if True in r else (None if None in r else False) for r in zip(*results, strict=True)]
    if q.negated:
        combined = [None if r is None else not r for r in combined]
    return combined
