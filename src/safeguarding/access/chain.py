"""The access log's hash chain (ADR 0004): every event carries a digest of its own content, and a
sealer links events into one chain, so a modified, deleted, reordered or truncated history shows.

- `digest` (set on insert): sha256 over a canonical serialisation of the event's content fields,
  in which each personal field (PERSONAL_FIELDS) stands as a salted commitment to its value, so
  that erasing a personal field later keeps the event verifiable (ADR 0004).
- `seq`, `chain` (set once, by the sealer): the event's place in the chain, 1, 2, 3, ... without
  gaps, and sha256 over (previous chain, seq, id, digest). The first event follows GENESIS.

Inserting stays cheap and never waits: on PostgreSQL a trigger seals the event inside its own
INSERT (no extra round trip, no second write of the row), taking the sealer's advisory lock only if
it is free; on SQLite (one writer anyway) `access_record` seals in the same transaction. Events
that found the lock taken stay unsealed and are linked, in a batch and oldest id first, by the next
event's sealer or by `safeguarding seal-access-log`.

The serialisation is a format: changing it makes every existing digest unverifiable. A new
content field needs a new FORMAT, with verification that knows both.
"""

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections, transaction

FORMAT = 1
GENESIS = "0" * 64
TABLE = "access_accessevent"
# Every column of the event the digest covers. tests/access/test_chain.py fails when the model
# gains a column that is neither here nor one of the chain's own (id, digest, seq, chain).
CONTENT_FIELDS = (
    "at",
    "actor_id",
    "actor_username",
    "actor_role",
    "action",
    "object_type",
    "object_id",
    "object_label",
    "district_id",
    "outside_own_district",
    "reason",
    "query",
    "detail",
    "recipient",
    "salt",
)
# What may identify a person other than the actor: these enter the digest only through
# commitment(salt, name, value). Erasing one (with the salt) leaves its commitment verifiable.
PERSONAL_FIELDS = ("object_label", "reason", "query", "detail", "recipient")
CHAIN_FIELDS = ("id", "digest", "seq", "chain")
TEXT_FIELDS = frozenset(CONTENT_FIELDS) - {"at", "actor_id", "district_id", "outside_own_district", "detail"}
# pg_advisory_xact_lock key of the one sealer ("access chain" as a number, any constant would do).
SEAL_LOCK = 0x5AFE_C4A1
SEAL_BATCH = 5000


def _plain(value: Any) -> Any:
    """The JSON value as it comes back from the database: PostgreSQL's jsonb keeps numbers as
    decimals, so 1.0 may come back as 1 and 1e20 as an integer; integral floats are integers."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def _json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def commitment(salt: str, name: str, value: Any) -> str:
    """What the digest holds of a personal field. The salt (random, per event) makes it useless
    for guessing the value once the value and the salt are erased."""
    if name == "detail":
        # Through JSON once, as the database stores it (tuples become lists, keys strings).
        value = _plain(json.loads(json.dumps(value)))
    return hashlib.sha256(f"{FORMAT}|{salt}|{name}|{_json(value)}".encode()).hexdigest()


def canonical(content: Mapping[str, Any], *, erased: Mapping[str, str] | None = None) -> bytes:
    """The bytes the digest is taken over: the content fields as sorted, compact JSON, personal
    fields as commitments. `erased` gives the commitments of fields whose value (and the event's
    salt) have been erased, as the redaction event that erased them recorded them."""
    when = content["at"]
    if when.tzinfo is None:
        raise ValueError("an access event's time must be timezone-aware")
    erased = erased or {}
    record: dict[str, Any] = {
        name: content[name] for name in CONTENT_FIELDS if name not in PERSONAL_FIELDS and name != "salt"
    }
    record["at"] = when.astimezone(dt.UTC).isoformat(timespec="microseconds")
    record["personal"] = {
        name: erased.get(name) or commitment(content["salt"], name, content[name]) for name in PERSONAL_FIELDS
    }
    record["format"] = FORMAT
    return _json(record).encode()


def content_digest(content: Mapping[str, Any], *, erased: Mapping[str, str] | None = None) -> str:
    return hashlib.sha256(canonical(content, erased=erased)).hexdigest()


def link(previous: str, seq: int, event_id: int, digest: str) -> str:
    """The chain value of the event at `seq`: it covers the previous link, the event's place and
    id, and (through the digest) its content."""
    return hashlib.sha256(f"{FORMAT}|{previous}|{seq}|{event_id}|{digest}".encode()).hexdigest()


@dataclass(frozen=True)
class Head:
    seq: int
    chain: str


# The head and the unsealed events in one round trip. The subqueries keep each arm's own ORDER
# BY and LIMIT on SQLite too. `access_event_seq_key` (unique) finds the head, the partial index
# `access_event_unsealed_idx` the unsealed events.
_HEAD_AND_PENDING = f"""
SELECT * FROM (
    SELECT id, seq, chain, digest FROM {TABLE} WHERE seq IS NOT NULL ORDER BY seq DESC LIMIT 1
) head
UNION ALL
SELECT * FROM (
    SELECT id, seq, chain, digest FROM {TABLE} WHERE seq IS NULL ORDER BY id LIMIT %s
) pending
"""
_SEAL = f"UPDATE {TABLE} SET seq = %s, chain = %s WHERE id = %s AND seq IS NULL"


def _take_lock(cursor, vendor: str, *, wait: bool) -> bool:
    if vendor != "postgresql":
        # SQLite: the transaction is the one writer (settings.py opens them IMMEDIATE).
        return True
    if wait:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [SEAL_LOCK])
        return True
    cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [SEAL_LOCK])
    return bool(cursor.fetchone()[0])


def sealed_on_insert(using: str = DEFAULT_DB_ALIAS) -> bool:
    """PostgreSQL seals each event in its INSERT (the `access_event_seal` trigger, access/guards.py),
    with the same lock and link as seal_pending; elsewhere the writer calls seal_pending."""
    return connections[using].vendor == "postgresql"


def seal_pending(*, wait: bool = False, batch: int = SEAL_BATCH, using: str = DEFAULT_DB_ALIAS) -> int | None:
    """Link up to `batch` unsealed events into the chain, oldest id first, in the caller's
    transaction (or its own). Returns how many were linked, or None when another sealer holds the
    lock and `wait` is false (that sealer, or the next one, links them)."""
    connection = connections[using]
    # No savepoint: inside access_record's transaction a failure here fails the event too.
    with transaction.atomic(using=using, savepoint=False), connection.cursor() as cursor:
        if not _take_lock(cursor, connection.vendor, wait=wait):
            return None
        # A statement after the lock, so it sees every seal committed before the lock was free.
        cursor.execute(_HEAD_AND_PENDING, [batch])
        rows = cursor.fetchall()
        previous, seq = GENESIS, 0
        links = []
        for event_id, event_seq, event_chain, digest in rows:
            if event_seq is not None:
                previous, seq = event_chain, event_seq
                continue
            seq += 1
            previous = link(previous, seq, event_id, digest)
            links.append((seq, previous, event_id))
        if links:
            cursor.executemany(_SEAL, links)
        return len(links)


def seal_all(*, using: str = DEFAULT_DB_ALIAS) -> int:
    """Link every unsealed event, waiting for the lock (the command and the periodic job)."""
    total = 0
    while True:
        sealed = seal_pending(wait=True, using=using) or 0
        total += sealed
        if sealed < SEAL_BATCH:
            return total


def current_head(*, using: str = DEFAULT_DB_ALIAS) -> Head | None:
    with connections[using].cursor() as cursor:
        cursor.execute(f"SELECT seq, chain FROM {TABLE} WHERE seq IS NOT NULL ORDER BY seq DESC LIMIT 1")
        row = cursor.fetchone()
    return Head(seq=row[0], chain=row[1]) if row else None
