"""Checking the access log (`safeguarding verify-access-log`) and writing its head where the
application cannot rewrite it (`safeguarding seal-access-log`). ADR 0004.

Verification walks the sealed events in chain order and recomputes each digest and link; the
first link that does not hold is named. A deleted event leaves a gap in `seq`, a modified one a
digest that does not match, a reordered or forged one a link that does not follow from the
previous. What the chain alone cannot show, the recorded heads do: if the whole log, or its tail,
was removed (TRUNCATE, DELETE with the guards off) or rewritten and re-chained from scratch, a head
written earlier is no longer in it.

The head file has one line per export, "seq chain timestamp", appended, never rewritten.
"""

import datetime as dt
import logging
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS

from safeguarding.access import chain, guards
from safeguarding.access.erasure import erased_commitments
from safeguarding.access.models import AccessEvent

logger = logging.getLogger("safeguarding.access.head")

CHUNK = 5000


@dataclass(frozen=True)
class RecordedHead:
    seq: int
    chain: str
    at: str
    line: int


@dataclass
class Verification:
    sealed: int = 0
    pending: int = 0
    heads_checked: int = 0
    head: chain.Head | None = None
    # The first link of the chain that does not hold, as a sentence; None when all hold.
    first_broken: str | None = None
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def broken(self, sentence: str) -> None:
        if self.first_broken is None:
            self.first_broken = sentence
        self.problems.append(sentence)


def head_file() -> Path | None:
    configured = getattr(settings, "ACCESS_LOG_HEAD_FILE", None)
    return Path(configured) if configured else None


def read_heads(path: Path, result: Verification) -> list[RecordedHead]:
    if not path.exists():
        result.problems.append(f"head file {path} does not exist")
        return []
    heads = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split()
        if len(parts) != 3 or not parts[0].isdigit() or len(parts[1]) != 64:
            result.problems.append(f"head file {path} line {number} is not 'seq chain timestamp'")
            continue
        heads.append(RecordedHead(seq=int(parts[0]), chain=parts[1], at=parts[2], line=number))
    return heads


def verify(*, head_path: Path | None = None, using: str = DEFAULT_DB_ALIAS) -> Verification:
    result = Verification()
    result.problems.extend(guards.problems(using))
    heads = read_heads(head_path, result) if head_path else []
    recorded: dict[int, list[RecordedHead]] = {}
    for head in heads:
        recorded.setdefault(head.seq, []).append(head)
    if head_path is None:
        result.warnings.append(
            "no head file given (ACCESS_LOG_HEAD_FILE): a truncated or re-chained log cannot be told"
            " from a short one"
        )

    events = AccessEvent.objects.using(using)
    # Events whose personal fields were erased (empty salt): their commitments come from the chained
    # redaction event naming them (ADR 0004 item 3); without one, the event is a broken link.
    erased = erased_commitments(using=using)

    def digest_holds(row: dict) -> bool:
        if row["salt"] == "":
            commitments = erased.get(row["id"])
            return commitments is not None and chain.content_digest(row, erased=commitments) == row["digest"]
        return chain.content_digest(row) == row["digest"]

    columns = ("id", "digest", "seq", "chain", *chain.CONTENT_FIELDS)
    previous, expected = chain.GENESIS, 1
    for row in events.filter(seq__isnull=False).order_by("seq").values(*columns).iterator(chunk_size=CHUNK):
        seq, event_id = row["seq"], row["id"]
        where = f"seq {seq} (event id {event_id})"
        if seq != expected:
            if expected == 1:
                result.broken(f"{where}: the chain starts at seq {seq}, not 1: the first events were deleted")
            else:
                result.broken(f"{where}: seq jumps from {expected - 1} to {seq}: events were deleted")
        if not digest_holds(row):
            if row["salt"] == "" and row["id"] not in erased:
                result.broken(f"{where}: its personal fields are erased but no chained redaction names it")
            else:
                result.broken(f"{where}: its content does not match its digest: the event was modified")
        if chain.link(previous, seq, event_id, row["digest"]) != row["chain"]:
            result.broken(
                f"{where}: its link does not follow from the previous one: the event was modified,"
                " moved or inserted"
            )
        for head in recorded.pop(seq, []):
            result.heads_checked += 1
            if head.chain != row["chain"]:
                result.broken(
                    f"{where}: differs from the head recorded at {head.at} (head file line {head.line}):"
                    " the history up to it was rewritten"
                )
        previous, expected = row["chain"], seq + 1
        result.sealed += 1
        result.head = chain.Head(seq=seq, chain=row["chain"])

    for seq in sorted(recorded):
        for head in recorded[seq]:
            result.heads_checked += 1
            result.broken(
                f"seq {seq}: recorded as the head at {head.at} (head file line {head.line}) but the log"
                f" now ends at seq {expected - 1}: events were deleted or the log truncated"
            )

    for row in events.filter(seq__isnull=True).order_by("id").values(*columns):
        result.pending += 1
        if not digest_holds(row):
            result.problems.append(f"unsealed event id {row['id']}: its content does not match its digest")
    return result


def export_head(head: chain.Head, path: Path | None) -> str:
    """Append the head to the head file (if one is configured) and to the application log
    (which production sends to syslog): the two places the application cannot take back."""
    when = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    line = f"{head.seq} {head.chain} {when}"
    if path is not None:
        with path.open("a", encoding="utf-8") as out:
            out.write(line + "\n")
    logger.info("access log head %s", line)
    return line
