"""Running a batch: read, check, match, then load and re-judge in one transaction, or refuse the
batch whole. The steps live in their own modules; this one orders them and records the batch."""

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone

from safeguarding.access.models import AccessAction
from safeguarding.access.services import access_record
from safeguarding.exchange import dates
from safeguarding.exchange.formats import FORMATS
from safeguarding.exchange.loader.check import Checking
from safeguarding.exchange.loader.load import EntityLoad
from safeguarding.exchange.loader.match import Matching
from safeguarding.exchange.loader.read import Reading, Source
from safeguarding.exchange.loader.rejudge import Rejudging
from safeguarding.exchange.loader.stage import Stager, analyze_grown
from safeguarding.exchange.models import BatchStatus, ImportBatch
from safeguarding.exchange.validation import RowError
from safeguarding.people.matching import KEY_TABLE, person_keys_add_new, person_keys_refresh

# The steps a batch takes, for a page that shows how far a queued import has got.
STEPS = ("reading the files", "checking every row", "matching people", "loading and re-judging")
COUNT_KEYS = ("inserted", "updated", "unchanged", "rejected", "review", "matched", "deferred")


@contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    """An import makes millions of small lists, tuples and strings and no reference cycles. The
    cyclic collector would walk them again and again as they pile up (it was four fifths of the
    reading time of a 1,000,000-row extract); reference counting still frees them all."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@dataclass
class ImportResult:
    batch: ImportBatch | None
    errors: list[RowError]
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    loaded: bool = False

    def total(self, key: str) -> int:
        return sum(c.get(key, 0) for c in self.counts.values())

    def totals(self) -> dict[str, int]:
        return {key: self.total(key) for key in COUNT_KEYS}

    def summary(self) -> str:
        totals = self.totals()
        state = "loaded" if self.loaded else "NOT loaded (nothing changed)"
        return f"Batch {state}: " + ", ".join(f"{key} {value}" for key, value in totals.items())


class ExtractImport(Reading, Checking, Matching, Rejudging):
    """One batch: `ExtractImport(actor=..., source_system=...).run(sources)`."""

    # Told (steps done, the step now) as each step starts: a queued import's page shows it.
    on_step: Callable[[int, str], None] | None = None

    def _step(self, done: int) -> None:
        if self.on_step is not None:
            self.on_step(done, STEPS[done])

    def run(self, sources: list[Source]) -> ImportResult:
        with cyclic_gc_paused():
            try:
                return self._run(sources)
            finally:
                # Freed here, while the collector is still paused, rather than walked by it.
                self.tables.clear()
                self.db_ids.clear()
                self.inserted.clear()
                self.looked_up.clear()
                self.new_person_keys = ([], [])

    def _run(self, sources: list[Source]) -> ImportResult:
        self._step(0)
        with dates.reading_dates_as(self.date_layout):
            self.read(sources)
        self._step(1)
        self.check()
        self._step(2)
        self.match_people()
        self.defer_dependants()
        for entity in FORMATS:
            table = self.tables.get(entity.name)
            if table or entity.name == "people":
                counts = self.counts[entity.name] = dict.fromkeys(COUNT_KEYS, 0)
                if table:
                    counts["rejected"] = len(table.bad)
                    counts["deferred"] = len(table.deferred - table.bad)
        self.errors.sort()
        if self.errors and not self.skip_invalid:
            return self._refuse()
        self._step(3)
        try:
            with transaction.atomic():
                return self._load()
        except IntegrityError as problem:
            # A rule the checks above did not foresee: refuse the batch whole, as for a bad row.
            self.errors.append(RowError("(batch)", 0, "", f"the database refused the batch: {problem}"))
            for counts in self.counts.values():
                counts.update(dict.fromkeys(("inserted", "updated", "unchanged", "review", "matched"), 0))
            return self._refuse()

    def _refuse(self) -> ImportResult:
        with transaction.atomic():
            batch = ImportBatch.objects.create(
                actor_id=self.actor.pk,
                actor_username=self.actor.get_username(),
                source_system=self.system,
                files=self.files,
                status=BatchStatus.REJECTED,
                skip_invalid=self.skip_invalid,
                counts={"entities": self.counts},
                errors=[e.as_dict() for e in self.errors[:10_000]],
            )
            self._log(batch, loaded=False)
        return ImportResult(batch, self.errors, self.counts, loaded=False)

    def _log(self, batch: ImportBatch, *, loaded: bool) -> None:
        totals = {key: sum(c.get(key, 0) for c in self.counts.values()) for key in COUNT_KEYS}
        access_record(
            actor=self.actor,
            action=AccessAction.IMPORT,
            object_type="import_batch",
            object_id=batch.pk,
            object_label=f"Import from {self.system}",
            # Counts only: never a name, reference or value from the extract.
            detail={"loaded": loaded, "files": len(self.files), "errors": len(self.errors), **totals},
        )

    def _load(self) -> ImportResult:
        batch = ImportBatch.objects.create(
            actor_id=self.actor.pk,
            actor_username=self.actor.get_username(),
            source_system=self.system,
            files=self.files,
            status=BatchStatus.LOADED,
            skip_invalid=self.skip_invalid,
            errors=[e.as_dict() for e in self.errors[:10_000]],
        )
        stager = Stager(batch, self.progress)
        now = timezone.now()
        for entity in FORMATS:
            table = self.tables.get(entity.name)
            if entity.name == "people":
                self._queue_reviews(batch)
            if not table:
                continue
            rows = table.loadable()
            if rows is None or rows:
                EntityLoad(self, entity, table, rows, stager, now).run()
        stager.copy_pending()
        # The search keys of the people created (worked out as they were loaded) and of those
        # renamed; the people matched to or left unchanged keep theirs.
        if self.new_person_keys[0]:
            self.written[KEY_TABLE] += person_keys_add_new(*self.new_person_keys)
        if self.renamed_people:
            self.written[KEY_TABLE] += person_keys_refresh(self.renamed_people)
        analyze_grown(self.written)
        self._rejudge()
        batch.counts = {"entities": self.counts}
        batch.save(update_fields=["counts"])
        self._log(batch, loaded=True)
        return ImportResult(batch, self.errors, self.counts, loaded=True)
