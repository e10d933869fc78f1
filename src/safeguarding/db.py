"""PostgreSQL helpers shared by the apps that run their own statements.

`prepared_cursor`: a server-side-binding cursor for a statement that asks to be prepared. psycopg
types a Python int by its size (smallint below 32,768, then integer, then bigint), so without a
fixed type a case id of 100 and one of 500,000 make two prepared statements, and the second
pays for planning again; every int here is sent as bigint, so one text has one plan.

`local_settings`: planner settings for the statements of one transaction only (SET LOCAL).
"""

from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
from django.db import connection, transaction
from psycopg.types.numeric import Int8Dumper


def prepared_cursor() -> psycopg.Cursor:
    connection.ensure_connection()
    cursor = psycopg.Cursor(connection.connection)
    cursor.adapters.register_dumper(int, Int8Dumper)
    return cursor


@contextmanager
def local_settings(**settings: str) -> Iterator[None]:
    """Inside a transaction (opened here if need be), `SET LOCAL name = value` for each setting on
    PostgreSQL; nothing elsewhere."""
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            for name, value in settings.items():
                cursor.execute(f"SET LOCAL {name} = {value}")
        yield
