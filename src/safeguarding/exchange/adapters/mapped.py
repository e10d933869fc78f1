"""A batch read from foreign files through a map file. Only the read step differs: each foreign
record becomes a row of one or more exchange entities, held in the batch's Tables under the
foreign file's name and line, so every later check, the match, the one write path and the
re-judging run as for any extract (ADR 0020). An error names the foreign file, its line and
the foreign column (or XML path) the value came from."""

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from safeguarding.exchange.adapters.foreign import Record, Unreadable, read_csv, read_xml, xml_records
from safeguarding.exchange.adapters.mapfile import PLACEHOLDER, ColumnMap, ColumnSpec, FileSpec, MapError
from safeguarding.exchange.formats import FORMATS_BY_NAME
from safeguarding.exchange.loader.run import ExtractImport
from safeguarding.exchange.loader.table import Table
from safeguarding.exchange.validation import RowError, convert_column, empty_value


@dataclass(frozen=True)
class ForeignFile:
    name: str
    data: bytes


class _Cell:
    """A value made for one exchange column of one row: its text, the foreign line it came from,
    and a problem found while making it (an unknown code)."""

    __slots__ = ("line", "problem", "text")

    def __init__(self, text: str, line: int, problem: str = ""):
        self.text = text
        self.line = line
        self.problem = problem


def _fill(column_map: ColumnMap, spec: ColumnSpec, record: Record) -> _Cell:
    line = record.line
    if spec.column:
        raw, line = record.get(spec.column)
        text = raw or ""
    else:
        pattern = spec.template or spec.value or ""
        pieces: dict[str, str] = {}
        for name in spec.placeholders:
            if name.startswith("@"):
                pieces[name] = column_map.constant(name[1:])
            else:
                raw, line = record.get(name)
                pieces[name] = raw or ""
        if spec.foreign and not any(pieces[n] for n in spec.foreign):
            text = ""  # every foreign value empty: the value is empty (no " 00:00", no "LA:")
        else:
            text = PLACEHOLDER.sub(lambda found: pieces[found[1]], pattern)
    if not text:
        text = spec.default
    if spec.codes and text:
        table = column_map.codes[spec.codes]
        if text not in table:
            shown = ", ".join(sorted(table)[:25])
            return _Cell("", line, f"code {text!r} is not in the map's table [codes.{spec.codes}] ({shown})")
        text = table[text]
    return _Cell(text, line)


class MappedImport(ExtractImport):
    """ExtractImport reading foreign files through a map: `MappedImport(column_map=..., actor=...,
    source_system=...).run_foreign(files)`."""

    def __init__(self, *, column_map: ColumnMap, **kwargs):
        kwargs.setdefault("date_layout", column_map.date_layout)
        super().__init__(**kwargs)
        self.column_map = column_map
        # (file, entity, exchange column) -> the foreign column(s) an error names
        self.labels: dict[tuple[str, str, str], str] = {}

    def run_foreign(self, files: list[ForeignFile]):
        self.foreign_files = files
        return self.run([])

    def read(self, sources) -> None:
        rows: dict[str, list[tuple[FileSpec, Record]]] = defaultdict(list)
        for foreign in self.foreign_files:
            self.files.append(foreign.name)
            specs = self.column_map.specs_for(foreign.name)
            if not specs:
                patterns = ", ".join(sorted({s.match for s in self.column_map.files}))
                self.errors.append(RowError(foreign.name, 0, "", f"not a file of this map ({patterns})"))
                continue
            try:
                for spec, record in self._records(foreign, specs):
                    rows[spec.entity].append((spec, record))
            except Unreadable as refused:
                self.errors.append(RowError(foreign.name, refused.line, "", str(refused)))
        # Entity by entity, in load order.
        for name in FORMATS_BY_NAME:
            if rows.get(name):
                self._add_rows(name, rows[name])

    def _records(self, foreign: ForeignFile, specs: list[FileSpec]) -> Iterator[tuple[FileSpec, Record]]:
        xml = [s for s in specs if s.is_xml]
        if xml:
            root = read_xml(foreign.data)
            found = [
                (spec, element) for spec in xml for element in xml_records(foreign.name, root, spec.record)
            ]
            if not found:
                paths = " or ".join(sorted({spec.record for spec in xml}))
                raise Unreadable(root.line, f"holds no {paths} element: not a file of this shape?")
            yield from found
            return
        table = read_csv(foreign.name, foreign.data, self.column_map.delimiter)
        for spec in specs:
            absent = sorted(spec.foreign_columns() - set(table.header))
            if absent:
                for column in absent:
                    self.errors.append(
                        RowError(foreign.name, 1, column, "the map needs this column; the file has none")
                    )
                continue
            for row in table.records:
                yield spec, row

    def _add_rows(self, name: str, rows: list[tuple[FileSpec, Record]]) -> None:
        entity = FORMATS_BY_NAME[name]
        table = self.tables.get(name) or Table(entity)
        self.tables[name] = table
        by_file: dict[str, list[tuple[FileSpec, Record]]] = defaultdict(list)
        for spec, record in rows:
            by_file[record.file].append((spec, record))
        for file, file_rows in by_file.items():
            lines = [record.line for _spec, record in file_rows]
            bad: set[int] = set()
            columns: list[list] = []
            mapped = {
                column for spec in {id(s): s for s, _r in file_rows}.values() for column in spec.columns
            }
            for column in entity.columns:
                if column.name not in mapped:
                    empty = empty_value(column)
                    size = len(file_rows)
                    columns.append(
                        [list(empty) for _ in range(size)] if isinstance(empty, list) else [empty] * size
                    )
                    continue
                for spec, _record in file_rows[:1]:
                    column_spec = spec.columns.get(column.name)
                    if column_spec is not None:
                        self.labels[(file, name, column.name)] = column_spec.label(column.name)
                cells = [
                    _Cell("", record.line)
                    if (column_spec := spec.columns.get(column.name)) is None
                    else _fill(self.column_map, column_spec, record)
                    for spec, record in file_rows
                ]
                label = self.labels.get((file, name, column.name), f"({column.name})")
                for k, cell in enumerate(cells):
                    if cell.problem:
                        self.errors.append(RowError(file, cell.line, label, cell.problem))
                        bad.add(k)
                # Dates in the map's layout: run() reads inside dates.reading_dates_as().
                values, problems = convert_column(column, [c.text for c in cells])
                for k, reason in problems:
                    if not cells[k].problem:  # an unknown code is its own problem, not also "empty"
                        self.errors.append(RowError(file, cells[k].line, label, reason))
                        bad.add(k)
                columns.append(values)
            table.add(file, lines, columns, bad)

    def check(self) -> None:
        super().check()
        # One foreign value may feed several exchange columns (MIS_START is when the case was
        # reported, the episode began and it was recorded): its problem is told once.
        self.errors = list(dict.fromkeys(self.errors))

    def _error(self, table: Table, k: int, column: str, reason: str) -> None:
        label = self.labels.get((table.files[k], table.entity.name, column), column)
        self.errors.append(RowError(table.files[k], table.lines[k], label, reason))
        table.bad.add(k)

    def match_people(self) -> None:
        """Sources without names (ADR 0020) are matched on their reference only: a placeholder
        name and a date of birth would 'match' every unnamed child born that day."""
        if self.column_map.match_people == "reference":
            return
        super().match_people()


__all__ = ["ForeignFile", "MapError", "MappedImport"]
