"""Loading an extract: read every file, check every row, then load the batch in one transaction.

Nothing is written while a row is wrong (unless the caller asked to skip invalid rows). Rows are
held column by column (a Table per entity) and every check works on whole columns. Loading is
set-based. Rows to update go into a temporary staging table, then one INSERT ... SELECT keeps the
previous version of each record that changed and one UPDATE ... FROM changes them. New rows: on
PostgreSQL one binary COPY per table straight into it (ids taken from its sequence first when
later rows refer to them); on SQLite through the staging table and one INSERT ... SELECT. The
cases the batch changed are then re-judged in one set-based pass, in the same transaction.

One module per step, in the order a batch takes them (ADR 11):
    read.py     the files decoded and read into Tables (table.py), values converted
    check.py    rules, shared validators, duplicates, references
    match.py    people matched against those held; doubtful ones wait for review
    stage.py    the staging table and COPY
    load.py     one entity's rows resolved, staged, updated (history kept) and inserted
    rejudge.py  what the batch changed, re-judged through cases.hooks
    run.py      ExtractImport: the steps in order, the batch refused or recorded
state.py holds what a batch knows as it goes; lookups.py finds many keys in the database at once.
"""

from safeguarding.exchange.loader.read import SUFFIXES, Source, sources_from_bytes, sources_from_path
from safeguarding.exchange.loader.run import COUNT_KEYS, STEPS, ExtractImport, ImportResult, cyclic_gc_paused
from safeguarding.exchange.loader.table import Table

__all__ = [
    "COUNT_KEYS",
    "STEPS",
    "SUFFIXES",
    "ExtractImport",
    "ImportResult",
    "Source",
    "Table",
    "cyclic_gc_paused",
    "sources_from_bytes",
    "sources_from_path",
]
