"""The match step: the people of the extract matched against those already held. A certain match
is linked (PersonLink); a doubtful one waits for a person to review it (MatchReview), and so do
the rows that need that person."""

import datetime as dt
from collections import defaultdict
from typing import Any

from safeguarding.exchange.formats import FORMATS, FORMATS_BY_NAME, ColumnType
from safeguarding.exchange.loader.state import BatchState
from safeguarding.exchange.loader.table import rows_of
from safeguarding.exchange.matching import CERTAIN, best_candidates
from safeguarding.exchange.models import ImportBatch, MatchReview, PersonLink, ReviewStatus


class Matching(BatchState):
    """Matches the people read; the reviews and links are written when the batch loads."""

    def match_people(self) -> None:
        table = self.tables.get("people")
        if not table:
            return
        good = table.good()
        refs = table.pick("source_reference", good)
        if not refs:
            return
        self._load_db_ids("people", set(zip(refs)))
        known = self.db_ids["people"]
        review = self.review_refs
        fresh = [i for i, ref in enumerate(refs) if (ref,) not in known and ref not in review]
        every = rows_of(good, len(table))
        fresh_rows = good if len(fresh) == len(refs) else [every[i] for i in fresh]
        self.matches = best_candidates(
            table.pick("source_reference", fresh_rows),
            table.pick("forename", fresh_rows),
            table.pick("surname", fresh_rows),
            table.pick("date_of_birth", fresh_rows),
            source_system=self.system,
        )
        if not self.matches and not review:
            return
        for k, ref in zip(rows_of(good, len(table)), refs, strict=True):
            match = self.matches.get(ref)
            if ref in review or (
                match is not None and (match.confidence < CERTAIN or match.same_system_other_reference)
            ):
                table.deferred.add(k)
                review.add(ref)

    def defer_dependants(self) -> None:
        """Rows that need a person awaiting review wait too (a re-import after the review loads them)."""
        deferred: dict[str, set] = defaultdict(set)
        deferred["people"] = {(ref,) for ref in self.review_refs if (ref,) not in self.db_ids["people"]}
        if not deferred["people"]:
            return  # only a person awaiting review makes anything wait
        for entity in FORMATS:
            table = self.tables.get(entity.name)
            if not table:
                continue
            refs = [(c.name, c.target) for c in entity.columns if c.type == ColumnType.REFERENCE]
            cases = table.column("case_reference") if "case_reference" in table.index else []
            for k in range(len(table)):
                if k in table.bad or (k in table.deferred and entity.name == "people"):
                    continue
                for name, target in refs:
                    value = table.column(name)[k]
                    if value is None:
                        continue
                    key = (cases[k], value) if FORMATS_BY_NAME[target].is_entry else (value,)
                    if key in deferred[target]:
                        table.deferred.add(k)
                        deferred[entity.name].add(tuple(table.column(c)[k] for c in entity.key))
                        break

    def _queue_reviews(self, batch: ImportBatch) -> None:
        table = self.tables.get("people")
        if not table or (not table.deferred and not self.matches):
            return
        people = FORMATS_BY_NAME["people"]
        counts = self.counts["people"]
        pending = {
            r.source_reference: r
            for r in MatchReview.objects.filter(
                source_system=self.system, status=ReviewStatus.PENDING
            ).filter(source_reference__in=list(self.review_refs))
        }
        refs = table.column("source_reference")
        for k, ref in enumerate(refs):
            if k in table.bad:
                continue
            match = self.matches.get(ref)
            if k in table.deferred:
                incoming = {
                    c.name: _jsonable(v) for c, v in zip(people.columns, table.values(k), strict=True)
                }
                counts["review"] += 1
                counts["deferred"] -= 1
                existing = pending.get(ref)
                if existing is not None:
                    if existing.incoming != incoming:
                        existing.incoming = incoming
                        existing.save(update_fields=["incoming"])
                elif match is not None:
                    MatchReview.objects.create(
                        batch=batch,
                        source_system=self.system,
                        source_reference=ref,
                        incoming=incoming,
                        candidate_id=match.person_id,
                        confidence=match.confidence,
                    )
            elif match is not None and (ref,) not in self.db_ids["people"]:
                # Certain: same names and date of birth, and no other record of this system for them.
                PersonLink.objects.create(
                    source_system=self.system,
                    source_reference=ref,
                    person_id=match.person_id,
                    linked_by_username=self.actor.get_username(),
                )
                self.db_ids["people"][(ref,)] = match.person_id
                counts["matched"] += 1


def _jsonable(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value
