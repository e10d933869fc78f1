"""Looking up many keys at once in the database, whatever the batch's size: one array parameter
or a temporary table of keys on PostgreSQL, chunked IN lists or one filtered scan elsewhere."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection
from django.db.models.expressions import RawSQL

from safeguarding.exchange.loader.stage import COPY_ROWS, copy_text

CHUNK = 2000

_KEYS_TABLE = "exchange_wanted_keys"


@contextmanager
def wanted_keys(values: list, db_type: str) -> Iterator[RawSQL]:
    """PostgreSQL: many values to look up, COPYed into a temporary table (far quicker than an IN
    list or an array literal of a hundred thousand values); yields the subquery that lists them."""
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {_KEYS_TABLE}")
        cursor.execute(f"CREATE TEMP TABLE {_KEYS_TABLE} (v {db_type})")
        with cursor.cursor.copy(f"COPY {_KEYS_TABLE} (v) FROM STDIN") as copy:
            for start in range(0, len(values), COPY_ROWS):
                copy.write("\n".join(copy_text(values[start : start + COPY_ROWS])) + "\n")
        cursor.execute(f"ANALYZE {_KEYS_TABLE}")
    try:
        yield RawSQL(f"SELECT v FROM {_KEYS_TABLE}", [])  # noqa: S611 (no outside text in it)
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {_KEYS_TABLE}")


def fetch(queryset, lookup: str, values: list, fields: tuple[str, ...]) -> list[tuple]:
    """Rows of queryset whose `lookup` field is in values, in one statement on PostgreSQL
    (the values go as one array parameter); in chunked IN queries elsewhere, or as one scan of
    the queryset filtered here when there are many (long IN lists defeat SQLite's planner)."""
    if not values:
        return []
    if len(values) > CHUNK and not queryset.exists():
        return []  # nothing to find (the first import of a source, say): no need to send the keys
    if len(values) > CHUNK and connection.vendor == "postgresql":
        name = lookup.removesuffix("__in")
        with wanted_keys(values, queryset.model._meta.get_field(name).db_type(connection)) as wanted:
            return list(queryset.filter(**{lookup: wanted}).values_list(*fields))
    if len(values) > CHUNK:
        name = lookup.removesuffix("__in")
        keep = set(values)
        return [
            row[1:]
            for row in queryset.values_list(name, *fields).iterator(chunk_size=20_000)
            if row[0] in keep
        ]
    found: list[tuple] = []
    for start in range(0, len(values), CHUNK):
        found += list(queryset.filter(**{lookup: values[start : start + CHUNK]}).values_list(*fields))
    return found
