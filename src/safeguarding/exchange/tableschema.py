"""The exchange format as a Frictionless Table Schema (one JSON schema per entity) and a Data
Package (datapackage.json) naming every file, so an analyst can check an extract with any
Table Schema tool before sending it (e.g. `frictionless validate datapackage.json`).

Generated from exchange/formats.py, the source the docs' column tables come from too, so the
three cannot disagree (tests/exchange/test_tableschema.py). The published copy is in
docs/exchange-schema/; regenerate it with `safeguarding exchange-schema docs/exchange-schema`.

What a schema can say and the loader checks the same way: columns, required values, codes,
lengths, whole-number ranges, ISO dates and times. What only the loader can check: references
to records already held, people matching, the rules between fields of a row (a case closed
after it was reported), and dates written day/month/year by a source set to read them so.
References are not declared as foreign keys: an extract may point at records sent before.
"""

import json
from pathlib import Path

from safeguarding.exchange.formats import FORMATS, Column, ColumnType, EntityFormat
from safeguarding.exchange.validation import _FALSE, _TRUE, SMALL_INTEGER_MAX

PUBLISHED = Path(__file__).resolve().parents[3] / "docs" / "exchange-schema"
PROFILE = "tabular-data-resource"
# Codes separated by ';' (spaces allowed around them), or nothing.
_CODES_PATTERN = r"^\s*({codes})?(\s*;\s*({codes}))*\s*;?\s*$"


def _spellings(words: set[str]) -> list[str]:
    return sorted({form for word in words for form in (word, word.upper(), word.capitalize())})


def _field(column: Column) -> dict:
    field: dict = {"name": column.name, "description": column.description}
    constraints: dict = {}
    if column.required:
        constraints["required"] = True
    if column.type == ColumnType.INTEGER:
        field["type"] = "integer"
        constraints |= {"minimum": 0, "maximum": SMALL_INTEGER_MAX}
    elif column.type == ColumnType.BOOLEAN:
        # The loader reads them whatever their case: the schema lists the spellings Excel writes.
        field |= {"type": "boolean", "trueValues": _spellings(_TRUE), "falseValues": _spellings(_FALSE)}
    elif column.type == ColumnType.DATE:
        field |= {"type": "date", "format": "default"}
    elif column.type == ColumnType.DATETIME:
        field |= {"type": "datetime", "format": "default"}
    elif column.type == ColumnType.CODE:
        field["type"] = "string"
        constraints["enum"] = [c for c in column.choices if c]
    elif column.type == ColumnType.CODES:
        field["type"] = "string"
        codes = "|".join(c for c in column.choices if c)
        constraints["pattern"] = _CODES_PATTERN.format(codes=codes)
    else:
        field["type"] = "string"
        limit = column.max_length or (64 if column.type == ColumnType.REFERENCE else None)
        if limit:
            constraints["maxLength"] = limit
    if column.type == ColumnType.REFERENCE:
        field["description"] += f" (refers to {column.target})"
    if column.example:
        field["example"] = column.example
    if constraints:
        field["constraints"] = constraints
    field["x-exchange-type"] = column.type  # the format's own type, as the docs name it
    return field


def entity_schema(entity: EntityFormat) -> dict:
    return {
        "$schema": "https://specs.frictionlessdata.io/schemas/table-schema.json",
        "fields": [_field(c) for c in entity.columns],
        "primaryKey": list(entity.key),
        "missingValues": [""],
    }


def datapackage() -> dict:
    return {
        "profile": "tabular-data-package",
        "name": "safeguarding-exchange",
        "title": "Safeguarding exchange format",
        "description": "One CSV file per entity (docs/exchange-format.md). Send only the files you have.",
        "resources": [
            {
                "name": entity.name,
                "path": f"{entity.name}.csv",
                "profile": PROFILE,
                "description": entity.description,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "dialect": {"delimiter": ",", "header": True},
                "schema": f"{entity.name}.schema.json",
            }
            for entity in FORMATS
        ],
    }


def rendered() -> dict[str, str]:
    """Every file of the published schema by name, as written (stable: sorted keys, one layout)."""
    files = {"datapackage.json": datapackage()}
    files |= {f"{entity.name}.schema.json": entity_schema(entity) for entity in FORMATS}
    return {name: json.dumps(data, indent=2, ensure_ascii=False) + "\n" for name, data in files.items()}


def write(directory: Path) -> list[str]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in rendered().items():
        (directory / name).write_text(text, encoding="utf-8")
        written.append(name)
    return written
