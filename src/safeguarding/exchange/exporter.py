"""Writing the exchange format back out: the same files and columns the importer reads.

Records are written under one source system. A record that came from that system keeps its
source reference; any other gets a stable one made from its id (SG-P12 for person 12), so an
export imports cleanly into an empty database and exports again to the same files.
"""

import csv
import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

from django.utils import timezone

from safeguarding.cases.models import Case
from safeguarding.csvsafe import open_private
from safeguarding.exchange.formats import FORMATS, ColumnType, EntityFormat
from safeguarding.force.models import District, Team
from safeguarding.people.models import Address, Person

_PREFIX = {"people": "SG-P", "cases": "SG-C", "addresses": "SG-A"}


class Exporter:
    def __init__(self, *, source_system: str):
        self.system = source_system
        self.refs: dict[str, dict[int, str]] = {}
        self.users: dict[int, str] = {}
        self.districts = dict(District.objects.values_list("id", "code"))
        self.teams = dict(Team.objects.values_list("id", "name"))

    def _own_ref(self, entity: str, pk: int, system: str | None, reference: str) -> str:
        if reference and (system is None or system == self.system):
            return reference
        return f"{_PREFIX.get(entity, 'SG-E')}{pk}"

    def _index_references(self) -> None:
        from safeguarding.access.models import User

        self.users = dict(User.objects.values_list("id", "username"))
        self.refs["people"] = {
            pk: self._own_ref("people", pk, system, ref)
            for pk, system, ref in Person.objects.values_list("id", "source_system", "source_reference")
        }
        self.refs["cases"] = {
            pk: self._own_ref("cases", pk, system, ref)
            for pk, system, ref in Case.objects.values_list("id", "source_system", "source_reference")
        }
        self.refs["addresses"] = {
            pk: self._own_ref("addresses", pk, None, ref)
            for pk, ref in Address.objects.values_list("id", "source_reference")
        }

    def _entry_ref(self, entity: EntityFormat, pk: int, reference: str) -> str:
        return reference or f"SG-{entity.name}-{pk}"

    def rows(self, entity: EntityFormat) -> Iterator[dict]:
        model = entity.model
        for record in model.objects.order_by("pk").iterator(chunk_size=5000):
            yield {column.name: self._value(entity, record, column) for column in entity.columns}

    def _value(self, entity: EntityFormat, record, column) -> object:
        if column.name == "source_reference":
            if entity.is_entry:
                return self._entry_ref(entity, record.pk, record.source_reference)
            system = getattr(record, "source_system", None)
            return self._own_ref(entity.name, record.pk, system, record.source_reference)
        value = getattr(record, record._meta.get_field(column.field).attname)
        if value is None:
            return None
        if column.type == ColumnType.DISTRICT:
            return self.districts[value]
        if column.type == ColumnType.TEAM:
            return self.teams[value]
        if column.type == ColumnType.USERNAME:
            return self.users[value]
        if column.type == ColumnType.REFERENCE:
            if column.target not in self.refs:
                target_model = record._meta.get_field(column.field).related_model
                self.refs[column.target] = {
                    pk: ref or f"SG-{column.target}-{pk}"
                    for pk, ref in target_model.objects.values_list("id", "source_reference")
                }
            return self.refs[column.target][value]
        return value


def _cell(value: object, column) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return timezone.localtime(value, dt.UTC).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return ";".join(value)
    return str(value)


def _json_value(value: object) -> object:
    if isinstance(value, dt.datetime):
        return timezone.localtime(value, dt.UTC).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def export_to(directory: Path, *, source_system: str, file_format: str = "csv") -> dict[str, int]:
    """Write one file per entity; returns rows written per entity (empty entities are skipped)."""
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)  # a new folder: its owner only
    exporter = Exporter(source_system=source_system)
    exporter._index_references()
    written: dict[str, int] = {}
    for entity in FORMATS:
        if not entity.model.objects.exists():
            continue
        path = directory / f"{entity.name}.{file_format}"
        count = 0
        # Readable by the exporting account only (0600): the files hold every child's record.
        with open_private(path, "w", encoding="utf-8", newline="") as handle:
            if file_format == "csv":
                # Data for machines, not a spreadsheet: written as held, not formula-escaped, so
                # "+44 7700 900102" reads back as itself (docs/exchange-format.md, "Opening the files").
                writer = csv.writer(handle, lineterminator="\n")
                writer.writerow([c.name for c in entity.columns])
                for row in exporter.rows(entity):
                    writer.writerow([_cell(row[c.name], c) for c in entity.columns])
                    count += 1
            else:
                for row in exporter.rows(entity):
                    handle.write(
                        json.dumps({k: _json_value(v) for k, v in row.items()}, ensure_ascii=False) + "\n"
                    )
                    count += 1
        written[entity.name] = count
    return written
