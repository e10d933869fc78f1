"""Issue 21: the exchange format published as a Frictionless Table Schema and Data Package,
generated from exchange/formats.py like the docs' column tables. The published copy is current,
the docs and the schema agree, the schema is well formed (checked here by its structure: the
frictionless package itself is too large a dependency for one test), and read by the Table
Schema rules it passes a good file and flags a bad one in the columns the loader refuses."""

import csv
import datetime as dt
import io
import json
import re

import pytest
from django.core.management import call_command

from safeguarding.exchange import tableschema
from safeguarding.exchange.docs import DOC, generated_section
from safeguarding.exchange.formats import FORMATS, FORMATS_BY_NAME
from safeguarding.exchange.loader import sources_from_path
from safeguarding.exchange.services import extract_import
from tests.exchange import extract

FIELD_TYPES = {
    "string",
    "number",
    "integer",
    "boolean",
    "object",
    "array",
    "date",
    "time",
    "datetime",
    "year",
    "yearmonth",
    "duration",
    "geopoint",
    "geojson",
    "any",
}
CONSTRAINTS = {"required", "unique", "minLength", "maxLength", "minimum", "maximum", "pattern", "enum"}
NAME = re.compile(r"^[a-z0-9._-]+$")


def test_the_published_schema_is_current():
    for name, text in tableschema.rendered().items():
        published = tableschema.PUBLISHED / name
        assert published.read_text(encoding="utf-8") == text, (
            "Regenerate: .venv/bin/safeguarding exchange-schema docs/exchange-schema"
        )
    assert {p.name for p in tableschema.PUBLISHED.iterdir()} == set(tableschema.rendered())


def _documented() -> dict[str, list[tuple[str, bool]]]:
    """The docs' column tables: entity -> [(column, required)]."""
    tables: dict[str, list[tuple[str, bool]]] = {}
    current = None
    for line in generated_section(DOC.read_text(encoding="utf-8")).splitlines():
        heading = re.match(r"^### `(\w+)\.csv`", line)
        if heading:
            current = tables.setdefault(heading[1], [])
        row = re.match(r"^\| `(\w+)` \|.*?\| (yes|no) \|", line)
        if row and current is not None:
            current.append((row[1], row[2] == "yes"))
    return tables


def test_the_docs_and_the_schema_agree():
    package = json.loads(tableschema.rendered()["datapackage.json"])
    documented = _documented()
    assert [r["name"] for r in package["resources"]] == list(documented)
    for resource in package["resources"]:
        schema = json.loads(tableschema.rendered()[resource["schema"]])
        fields = [(f["name"], f.get("constraints", {}).get("required", False)) for f in schema["fields"]]
        assert fields == documented[resource["name"]], resource["name"]


def test_the_schema_is_well_formed():
    rendered = tableschema.rendered()
    package = json.loads(rendered["datapackage.json"])
    assert package["profile"] == "tabular-data-package" and NAME.match(package["name"])
    names = [r["name"] for r in package["resources"]]
    assert len(set(names)) == len(names) == len(FORMATS)
    for resource in package["resources"]:
        assert NAME.match(resource["name"]) and resource["path"] == f"{resource['name']}.csv"
        schema = json.loads(rendered[resource["schema"]])
        field_names = [f["name"] for f in schema["fields"]]
        assert len(set(field_names)) == len(field_names)
        assert set(schema["primaryKey"]) <= set(field_names)
        for field in schema["fields"]:
            assert field["type"] in FIELD_TYPES, field
            assert set(field.get("constraints", {})) <= CONSTRAINTS, field
            if "enum" in field.get("constraints", {}):
                assert field["constraints"]["enum"] and all(
                    isinstance(c, str) for c in field["constraints"]["enum"]
                )
            if "pattern" in field.get("constraints", {}):
                re.compile(field["constraints"]["pattern"])


def _value_problem(field: dict, raw: str) -> str | None:
    """One cell by the Table Schema rules the published schema uses."""
    constraints = field.get("constraints", {})
    if raw == "":
        return "required" if constraints.get("required") else None
    kind = field["type"]
    try:
        if kind == "integer":
            value = int(raw)
            if not constraints.get("minimum", value) <= value <= constraints.get("maximum", value):
                return "range"
        elif kind == "boolean" and raw not in field["trueValues"] + field["falseValues"]:
            return "type"
        elif kind == "date":
            dt.date.fromisoformat(raw)
        elif kind == "datetime":
            dt.datetime.fromisoformat(raw)
    except ValueError:
        return "type"
    if "enum" in constraints and raw not in constraints["enum"]:
        return "enum"
    if "maxLength" in constraints and len(raw) > constraints["maxLength"]:
        return "maxLength"
    if "pattern" in constraints and not re.fullmatch(constraints["pattern"], raw):
        return "pattern"
    return None


def table_schema_problems(entity: str, text: str) -> set[tuple[int, str]]:
    schema = tableschema.entity_schema(FORMATS_BY_NAME[entity])
    fields = {f["name"]: f for f in schema["fields"]}
    reader = csv.DictReader(io.StringIO(text))
    problems = {
        (1, name)
        for name in fields
        if fields[name].get("constraints", {}).get("required") and name not in (reader.fieldnames or [])
    }
    for line, row in enumerate(reader, start=2):
        for name, raw in row.items():
            if name not in fields:
                problems.add((1, name))
            elif _value_problem(fields[name], raw) is not None:
                problems.add((line, name))
    return problems


@pytest.mark.parametrize("name", [n for n in extract.FILES if n.endswith(".csv")])
def test_a_good_extract_passes_the_schema(name):
    assert table_schema_problems(name.removesuffix(".csv"), extract.FILES[name]) == set()


BAD_PEOPLE = (
    extract.FILES["people.csv"]
    .replace(
        "P-1,Amelia,Rose,Hartley,2015-04-12,true,female,white",
        "P-1,Amelia,Rose,Hartley,2015-04-31,true,female,white",
    )
    .replace("P-2,Darren,,Hartley,1985-01-20,false,male", "P-2,,,Hartley,1985-01-20,false,bloke")
    .replace("P-3,Oliver,,Pennington,2012-09-03,true", "P-3,Oliver,,Pennington,2012-09-03,maybe")
)


@pytest.mark.django_db
def test_a_bad_file_is_flagged_by_the_schema_where_the_loader_refuses_it(cast, tmp_path):
    flagged = table_schema_problems("people", BAD_PEOPLE)
    assert flagged == {(2, "date_of_birth"), (3, "forename"), (3, "gender"), (4, "is_child")}
    result = extract_import(
        actor=cast["data_manager"],
        sources=sources_from_path(extract.write(tmp_path / "x", {"people.csv": BAD_PEOPLE})),
        source_system="NICHE",
    )
    assert {(e.line, e.column) for e in result.errors} == flagged


def test_the_command_writes_the_package(tmp_path):
    out = io.StringIO()
    call_command("exchange_schema", str(tmp_path), "--json", stdout=out)
    written = json.loads(out.getvalue())["files"]
    assert "datapackage.json" in written and "missing_episodes.schema.json" in written
    assert (tmp_path / "people.schema.json").read_text(encoding="utf-8") == tableschema.rendered()[
        "people.schema.json"
    ]
