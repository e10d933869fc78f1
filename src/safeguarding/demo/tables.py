"""Bulk loading of generated rows: plain tuples in, COPY on PostgreSQL, executemany on SQLite.

Table and column names come from the models' `_meta`, so the loader follows the schema. A row
gives the fields the generator cares about; every other NOT NULL column is filled with a constant
(the field's default, '' for text, False for booleans, '[]'/'{}' for JSON), so a field added to a
model later with a default does not break the generator.
"""

import datetime as dt
import json
from collections.abc import Iterable, Sequence

from django.db import connection, models

_BINARY = {
    "bigint": "int8",
    "integer": "int4",
    "smallint": "int2",
    "boolean": "bool",
    "varchar": "text",
    "text": "text",
    "date": "date",
    "jsonb": "jsonb",
    "double precision": "float8",
}


class Table:
    def __init__(self, model: type[models.Model], fields: str, *, constant_time: dt.datetime):
        meta = model._meta
        self.model = model
        self.name = meta.db_table
        given = [meta.get_field(name) for name in fields.split()]
        given_names = {f.name for f in given}
        fill = []
        for field in meta.concrete_fields:
            if field.name in given_names or field.null:
                continue
            fill.append((field, self._constant(field, constant_time)))
        self.fields = given + [f for f, _ in fill]
        self.columns = [f.column for f in self.fields]
        self.fill = tuple(value for _, value in fill)
        self._temporal = [
            i for i, f in enumerate(self.fields) if isinstance(f, models.DateField | models.DateTimeField)
        ]
        self._json = [i for i, f in enumerate(self.fields) if isinstance(f, models.JSONField)]
        self.binary_types = self._binary_types()

    def _binary_types(self) -> list[str] | None:
        """Types for binary COPY, from the column types Django declares; None: use text COPY."""
        if connection.vendor != "postgresql":
            return None
        types = []
        for f in self.fields:
            db_type = (f.db_type(connection) or "").split("(")[0].strip()
            if isinstance(f, models.DateTimeField):
                # The generator's datetimes are naive UTC; timestamp and timestamptz share one
                # binary form (microseconds since 2000-01-01 UTC).
                types.append("timestamp")
            elif db_type in _BINARY:
                types.append(_BINARY[db_type])
            else:
                return None
        return types

    @staticmethod
    def _constant(field: models.Field, constant_time: dt.datetime):
        if isinstance(field, models.DateTimeField) and (field.auto_now or field.auto_now_add):
            return constant_time
        if field.has_default():
            value = field.get_default()
            if isinstance(field, models.JSONField):
                return value  # Python value: the loader encodes it
            if isinstance(value, dt.datetime):
                return constant_time
            return value
        if isinstance(field, models.BooleanField):
            return False
        if isinstance(field, models.CharField | models.TextField):
            return ""
        if isinstance(field, models.JSONField):
            return []
        raise ValueError(f"{field.model.__name__}.{field.name} is NOT NULL and has no value in the demo")

    def sql_columns(self) -> str:
        quote = connection.ops.quote_name
        return ", ".join(quote(c) for c in self.columns)


class Loader:
    """Writes rows in the current transaction; counts what it wrote."""

    def __init__(self):
        self.vendor = connection.vendor
        self.counts: dict[str, int] = {}
        connection.ensure_connection()
        # The psycopg connection itself, so a writer thread can COPY inside this transaction.
        self.raw = connection.connection

    def write(self, table: Table, rows: Sequence[tuple]) -> None:
        if not rows:
            return
        fill = table.fill
        if self.vendor == "postgresql":
            self._copy(table, rows, fill)
        else:
            self._insert(table, rows, fill)
        self.counts[table.name] = self.counts.get(table.name, 0) + len(rows)

    def _copy(self, table: Table, rows: Iterable[tuple], fill: tuple) -> None:
        quote = connection.ops.quote_name
        with self.raw.cursor() as raw:
            binary = table.binary_types
            options = " (FORMAT BINARY)" if binary else ""
            sql = f"COPY {quote(table.name)} ({table.sql_columns()}) FROM STDIN{options}"
            with raw.copy(sql) as copy:
                if binary:
                    copy.set_types(binary)
                elif table._json:
                    rows = [_json_as_text(row + fill, table._json) for row in rows]
                    fill = ()
                write_row = copy.write_row
                if fill:
                    for row in rows:
                        write_row(row + fill)
                else:
                    for row in rows:
                        write_row(row)

    def _insert(self, table: Table, rows: Iterable[tuple], fill: tuple) -> None:
        quote = connection.ops.quote_name
        placeholders = ", ".join(["%s"] * len(table.columns))
        sql = f"INSERT INTO {quote(table.name)} ({table.sql_columns()}) VALUES ({placeholders})"
        temporal = table._temporal
        json_columns = table._json
        # Django keeps datetimes on SQLite as naive UTC text 'YYYY-MM-DD HH:MM:SS'; the generator
        # already works in naive UTC, so str() gives exactly that (no sqlite3 default adapters,
        # which Python 3.12 deprecates).
        converted = []
        for row in rows:
            row = list(row + fill)
            for i in temporal:
                value = row[i]
                if value is not None:
                    row[i] = str(value)
            for i in json_columns:
                row[i] = json.dumps(row[i])
            converted.append(row)
        with connection.cursor() as cursor:
            cursor.executemany(sql, converted)


def _json_as_text(row: tuple, positions: list[int]) -> tuple:
    values = list(row)
    for i in positions:
        values[i] = json.dumps(values[i])
    return tuple(values)


def sequences_follow(*tables: Table) -> None:
    """Make the next id the database hands out the largest one + 1, even where rows were
    deleted (a --replace): the user service then makes the named logins with the ids the
    generator's counters would have given them."""
    if connection.vendor == "postgresql":
        reset_sequences(tables)
        return
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(
                f"UPDATE sqlite_sequence SET seq = (SELECT COALESCE(MAX(id), 0) FROM {quote(table.name)}) "
                "WHERE name = %s",
                [table.name],
            )


def reset_sequences(tables: Iterable[Table]) -> None:
    """After explicit ids: make the next id the database hands out follow the largest one."""
    if connection.vendor != "postgresql":
        return  # SQLite's AUTOINCREMENT already follows explicit ids
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence(%s, 'id'), "
                f"COALESCE((SELECT MAX(id) FROM {quote(table.name)}), 0) + 1, false)",
                [table.name],
            )


class DeferredIndexes:
    """PostgreSQL bulk mode: drop the non-unique indexes of the tables being loaded and build them
    again afterwards (a sorted build is many times faster than millions of inserts into each
    index). Runs inside the load's transaction, so a failure restores them."""

    def __init__(self, tables: Iterable[Table]):
        self.names = [t.name for t in tables]
        self.definitions: list[str] = []

    def drop(self) -> None:
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x "
                "JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid "
                "WHERE t.relname = ANY(%s) AND NOT x.indisunique AND NOT x.indisprimary "
                "ORDER BY t.relname, i.relname",
                [self.names],
            )
            found = cursor.fetchall()
            for name, definition in found:
                cursor.execute(f"DROP INDEX {quote(name)}")
                self.definitions.append(definition)

    def rebuild(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
            for definition in self.definitions:
                cursor.execute(definition)
