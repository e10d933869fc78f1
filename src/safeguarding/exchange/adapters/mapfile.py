"""A map file: how one shape of foreign file becomes exchange rows (TOML, read with tomllib).

    [source]                 what the files are, and how to read them
    shape = "SSDA903"        a name for people
    system = "LA-CSC"        the source system the records are held under (--source-system wins)
    dates = "dmy"            how the files write dates (exchange/dates.py: dmy, iso, auto)
    match_people = "reference"   or "names": see ADR 0020
    delimiter = ","          CSV only

    [constants]              values a template names as {@name}; --set name=value overrides
    district = "north"

    [codes.sex]              a code table: foreign code -> exchange code ("" = not recorded)
    "1" = "male"

    [[file]]                 one foreign file (or XML element) -> one exchange entity; a file may
    match = "missing*.csv"   feed several entities, one [[file]] each
    entity = "missing_episodes"
    record = "Message/Children/Child"   XML only: the element one row comes from
    [file.columns]           exchange column = how its value is made
    child_reference = "CHILD"                       a foreign column (or XML path) as it is
    occurred_at = { template = "{MIS_START} 00:00" }  several, or a fixed text round them
    gender = { column = "SEX", codes = "sex" }      through a code table
    case_type = { value = "missing" }               a constant
    district = { template = "{@la}", codes = "district_by_la" }   a constant through a table

A template whose placeholders are all empty gives an empty value, so an empty MIS_END gives an
empty returned_at, never " 00:00". Column specs may add `default` (used when the value is empty).
"""

import fnmatch
import re
import tomllib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from safeguarding.exchange import dates
from safeguarding.exchange.formats import FORMATS_BY_NAME

SHIPPED = Path(__file__).resolve().parent / "maps"
MATCH_MODES = ("names", "reference")
PLACEHOLDER = re.compile(r"\{([^{}]+)\}")


class MapError(ValueError):
    """The map file is wrong: says where (file and key) and what to do."""


@dataclass(frozen=True)
class ColumnSpec:
    """How one exchange column's value is made from a foreign record."""

    column: str = ""  # a foreign column or XML path, taken as it is
    template: str = ""  # placeholders {COLUMN}, {path/in/xml}, {@constant}
    value: str | None = None  # a constant
    codes: str = ""  # a code table's name
    default: str = ""

    @cached_property
    def placeholders(self) -> list[str]:
        if self.column:
            return [self.column]
        return PLACEHOLDER.findall(self.template or self.value or "")

    @cached_property
    def foreign(self) -> list[str]:
        """The foreign columns (or paths) the value comes from."""
        return [p for p in self.placeholders if not p.startswith("@")]

    def label(self, exchange_column: str) -> str:
        """What an error about this value names as its column: the foreign one(s)."""
        foreign = self.foreign
        return "+".join(foreign) if foreign else f"(map: {exchange_column})"


@dataclass(frozen=True)
class FileSpec:
    match: str  # a file-name pattern, matched without regard to case
    entity: str
    columns: dict[str, ColumnSpec]
    record: str = ""  # XML: the path of the element a row comes from

    @property
    def is_xml(self) -> bool:
        return bool(self.record)

    def matches(self, name: str) -> bool:
        return fnmatch.fnmatch(name.lower(), self.match.lower())

    def foreign_columns(self) -> set[str]:
        return {name for spec in self.columns.values() for name in spec.foreign}


@dataclass
class ColumnMap:
    path: str
    shape: str
    system: str
    date_layout: str
    match_people: str
    delimiter: str
    constants: dict[str, str]
    codes: dict[str, dict[str, str]]
    files: list[FileSpec] = field(default_factory=list)

    def constant(self, name: str) -> str:
        value = self.constants.get(name)
        if value is None:
            raise MapError(f"{self.path}: no constant {name!r} (declare it under [constants])")
        if value == "":
            raise MapError(
                f"{self.path}: the constant {name!r} is empty: set it in the map or with --set {name}=VALUE"
            )
        return value

    def specs_for(self, name: str) -> list[FileSpec]:
        return [spec for spec in self.files if spec.matches(name)]


def resolve(name_or_path: str) -> Path:
    """A map file's path: as given, or the name of a shipped map (ssda903, cin_census, ...)."""
    path = Path(name_or_path)
    if path.exists():
        return path
    shipped = SHIPPED / f"{name_or_path}.toml"
    if shipped.exists():
        return shipped
    known = ", ".join(sorted(p.stem for p in SHIPPED.glob("*.toml")))
    raise MapError(f"{name_or_path}: no such map file, nor a shipped map (shipped: {known})")


def _column_spec(where: str, raw) -> ColumnSpec:
    if isinstance(raw, str):
        return ColumnSpec(column=raw)
    if not isinstance(raw, dict):
        raise MapError(f"{where}: a foreign column name or a table {{column|template|value, codes}}")
    unknown = set(raw) - {"column", "template", "value", "codes", "default"}
    if unknown:
        raise MapError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
    given = [k for k in ("column", "template", "value") if k in raw]
    if len(given) != 1:
        raise MapError(f"{where}: give exactly one of column, template, value")
    for key in raw:
        if not isinstance(raw[key], str):
            raise MapError(f"{where}.{key}: must be text (quote numbers and codes)")
    return ColumnSpec(
        column=raw.get("column", ""),
        template=raw.get("template", ""),
        value=raw.get("value"),
        codes=raw.get("codes", ""),
        default=raw.get("default", ""),
    )


def load(name_or_path: str, *, constants: dict[str, str] | None = None) -> ColumnMap:
    """Read and check a map file; raises MapError naming the file and key."""
    path = resolve(name_or_path)
    where = path.name
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as problem:
        raise MapError(f"{where}: not a TOML file: {problem}") from None
    source = data.get("source", {})
    layout = source.get("dates", dates.UNSET)
    if layout not in dates.LAYOUTS:
        raise MapError(f"{where}: [source] dates must be one of {', '.join(dates.LAYOUTS)}")
    match_people = source.get("match_people", "names")
    if match_people not in MATCH_MODES:
        raise MapError(f"{where}: [source] match_people must be one of {', '.join(MATCH_MODES)}")
    declared = {str(k): str(v) for k, v in data.get("constants", {}).items()}
    for name, value in (constants or {}).items():
        if name not in declared:
            raise MapError(f"{where}: --set {name}: the map declares no such constant")
        declared[name] = value
    codes = data.get("codes", {})
    for table, entries in codes.items():
        if not isinstance(entries, dict) or not all(isinstance(v, str) for v in entries.values()):
            raise MapError(f"{where}: [codes.{table}] must map codes to text codes")
    column_map = ColumnMap(
        path=where,
        shape=str(source.get("shape", path.stem)),
        system=str(source.get("system", "")),
        date_layout=layout,
        match_people=match_people,
        delimiter=str(source.get("delimiter", ",")),
        constants=declared,
        codes={name: {str(k): v for k, v in entries.items()} for name, entries in codes.items()},
    )
    files = data.get("file", [])
    if not files:
        raise MapError(f"{where}: no [[file]] sections: nothing would be read")
    for n, raw in enumerate(files, start=1):
        column_map.files.append(_file_spec(column_map, f"{where}: [[file]] {n}", raw))
    return column_map


def _file_spec(column_map: ColumnMap, where: str, raw: dict) -> FileSpec:
    entity = FORMATS_BY_NAME.get(raw.get("entity", ""))
    if entity is None:
        raise MapError(f"{where}: entity must be one of {', '.join(FORMATS_BY_NAME)}")
    if not raw.get("match"):
        raise MapError(f"{where}: match (a file-name pattern, e.g. missing*.csv) is required")
    columns = {}
    known = {c.name for c in entity.columns}
    for name, spec in raw.get("columns", {}).items():
        if name not in known:
            raise MapError(f"{where}: {entity.name} has no column {name!r}")
        parsed = _column_spec(f"{where}: columns.{name}", spec)
        if parsed.codes and parsed.codes not in column_map.codes:
            raise MapError(f"{where}: columns.{name}: no code table [codes.{parsed.codes}]")
        for placeholder in parsed.placeholders:
            if placeholder.startswith("@") and placeholder[1:] not in column_map.constants:
                raise MapError(f"{where}: columns.{name}: no constant {placeholder[1:]!r} in [constants]")
        columns[name] = parsed
    missing = [c.name for c in entity.columns if c.required and c.name not in columns]
    if missing:
        raise MapError(f"{where}: {entity.name} needs column(s) {', '.join(missing)}: map them")
    return FileSpec(
        match=str(raw["match"]), entity=entity.name, columns=columns, record=str(raw.get("record", ""))
    )
