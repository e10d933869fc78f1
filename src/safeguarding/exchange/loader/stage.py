"""The stage step: rows go into a temporary staging table (COPY on PostgreSQL, executemany
elsewhere) or, new rows on PostgreSQL, by binary COPY straight into their table. Also COPY's text
format, for the keys the lookups send (lookups.py)."""

from typing import cast

from django.db import connection
from psycopg.copy import QueuedLibpqWriter
from tqdm import tqdm

from safeguarding.exchange.models import ImportBatch

COPY_ROWS = 50_000
_COPY_NULL = "\\N"
_COPY_SPECIAL = ("\\", "\t", "\n", "\r")


def _copy_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def copy_text(values: list) -> list[str]:
    """One column in COPY's text format: NULL as \\N, backslash, tab and line ends escaped."""
    kinds = set(map(type, values))
    texts: list[str | None]
    has_null = type(None) in kinds
    kinds.discard(type(None))
    if not kinds:
        return [_COPY_NULL] * len(values)
    if kinds == {bool}:
        texts = [None if v is None else ("t" if v else "f") for v in values]
    elif kinds == {str}:
        texts = values
    elif kinds == {int} and not has_null:
        texts = list(map(str, values))  # ids: all different, nothing to gain by writing each once
    else:
        # Whole numbers, dates, times with their offset: str() is what PostgreSQL reads back.
        # Values repeat (one import time, a few thousand dates), so each is written once.
        written = dict.fromkeys(values)
        for value in written:
            written[value] = None if value is None else str(value)
        texts = list(map(written.__getitem__, values))
    joined = "".join(t for t in texts if t is not None) if has_null else "".join(cast(list[str], texts))
    if any(special in joined for special in _COPY_SPECIAL):
        texts = [None if t is None else _copy_escape(t) for t in texts]
    if has_null:
        texts = [_COPY_NULL if t is None else t for t in texts]
    return cast(list[str], texts)  # no None left: NULL is written \\N


# A table the batch wrote at least this many rows to, and at least this share of the rows the
# planner believes it holds, is analysed before the statements that join it (see analyze_grown).
ANALYZE_ROWS = 10_000
ANALYZE_SHARE = 0.1


def analyze_grown(written: dict[str, int]) -> list[str]:
    """PostgreSQL: ANALYZE the tables the batch grew by a large part, inside its transaction
    (ANALYZE there sees the batch's own rows; autovacuum cannot until the commit). Without it
    the re-judge's joins are planned on the statistics of a table before the batch, for a first
    load those of an empty one: nested loops over hundreds of thousands of rows, which made a
    1,000,000-row import ten times slower per row than a 200,000-row one. Returns the tables."""
    if connection.vendor != "postgresql":
        return []
    big = sorted(table for table, rows in written.items() if rows >= ANALYZE_ROWS)
    if not big:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reltuples FROM pg_class WHERE oid = ANY(CAST(%s AS regclass[]))", [big]
        )
        believed = dict(cursor.fetchall())
        # reltuples is -1 for a table never analysed.
        stale = [t for t in big if t in believed and written[t] >= ANALYZE_SHARE * max(believed[t], 0)]
        if stale:
            cursor.execute("ANALYZE " + ", ".join(f'"{t}"' for t in stale))
    return stale


class Stager:
    """Fills the staging table: COPY on PostgreSQL, executemany elsewhere."""

    TABLE = "exchange_stage"

    def __init__(self, batch: ImportBatch, progress: bool):
        self.batch = batch
        self.progress = progress
        self.postgres = connection.vendor == "postgresql"
        self.pending: list[tuple[str, list[str], list[list], str]] = []

    def create(self, table: str, columns: list[str]) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {self.TABLE}")
            listed = ", ".join(f'"{c}"' for c in columns)
            cursor.execute(
                f"CREATE TEMP TABLE {self.TABLE} AS SELECT CAST(NULL AS BIGINT) AS target_id, {listed} "
                f'FROM "{table}" WHERE 1 = 0'
            )

    def fill(self, columns: list[str], values_by_column: list[list], label: str) -> None:
        """Stage rows given column by column (target_id first)."""
        if not self.postgres:
            listed = ", ".join(f'"{c}"' for c in ["target_id", *columns])
            marks = ", ".join(["%s"] * (len(columns) + 1))
            with connection.cursor() as cursor:
                cursor.executemany(
                    f"INSERT INTO {self.TABLE} ({listed}) VALUES ({marks})",
                    list(zip(*values_by_column, strict=True)),
                )
            return
        self.copy(self.TABLE, ["target_id", *columns], values_by_column, label)

    def copy(self, table: str, columns: list[str], values_by_column: list[list], label: str) -> None:
        """COPY rows given column by column into a table (PostgreSQL), in the binary format: the
        values go as they are (no text to write for them, none for the server to parse), and a
        worker thread feeds the connection, so the server stores rows while more are written."""
        listed = ", ".join(f'"{c}"' for c in columns)
        size = len(values_by_column[0])
        types = self._types(table, columns)
        # The psycopg cursor is used directly: its errors are turned into Django's (a unique
        # index refusing a row is an IntegrityError, which refuses the batch).
        with connection.cursor() as cursor, connection.wrap_database_errors:
            raw = cursor.cursor
            with (
                raw.copy(
                    f'COPY "{table}" ({listed}) FROM STDIN (FORMAT BINARY)', writer=QueuedLibpqWriter(raw)
                ) as copy,
                tqdm(
                    total=size, desc=f"load {label}", unit=" rows", disable=not self.progress, leave=False
                ) as bar,
            ):
                copy.set_types(types)
                write = copy.write_row
                for start in range(0, size, COPY_ROWS):
                    part = [values[start : start + COPY_ROWS] for values in values_by_column]
                    for row in zip(*part, strict=True):
                        write(row)
                    bar.update(min(COPY_ROWS, size - start))

    @staticmethod
    def _types(table: str, columns: list[str]) -> list[int]:
        """The columns' type oids, which a binary COPY needs."""
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT attname, atttypid FROM pg_attribute "
                "WHERE attrelid = %s::regclass AND attnum > 0 AND NOT attisdropped",
                [f'"{table}"'],
            )
            oids = dict(cursor.fetchall())
        return [int(oids[c]) for c in columns]

    def copy_later(self, table: str, columns: list[str], values_by_column: list[list], label: str) -> None:
        """A table's new rows, to COPY with the others by copy_pending()."""
        self.pending.append((table, columns, values_by_column, label))

    def copy_pending(self) -> None:
        """COPY each table's new rows, in load order, once every entity is ready (no lookups in
        between, so one table's rows are written while the server still stores the last ones)."""
        jobs, self.pending = self.pending, []
        for table, columns, values_by_column, label in jobs:
            self.copy(table, columns, values_by_column, label)

    def new_ids(self, table: str, count: int) -> list[int]:
        """Ids for rows about to be copied in, taken from the table's own sequence (named once:
        pg_get_serial_sequence() for every row cost eight times the nextval() calls themselves)."""
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
            (sequence,) = cursor.fetchone()
            cursor.execute("SELECT nextval(%s::regclass) FROM generate_series(1, %s)", [sequence, count])
            return [pk for (pk,) in cursor.fetchall()]

    def drop(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {self.TABLE}")
