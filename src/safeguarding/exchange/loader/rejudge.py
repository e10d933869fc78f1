"""The re-judge step: what the batch changed that practice standards are judged on (cases added or
changed, the cases of entries and participants added or changed, people whose details or flags
changed), re-judged in one set-based pass inside the batch's transaction (cases_changed: the
standards app subscribes to it; ADR 2's many-case run, ADR 11)."""

from collections.abc import Iterable
from itertools import compress

from safeguarding.cases.hooks import cases_changed, open_cases_of
from safeguarding.cases.models import Case
from safeguarding.exchange.formats import EntityFormat
from safeguarding.exchange.loader.state import BatchState

# What standards are judged on: the case a new or changed record sits on, or its person.
_OWNER = {"cases": ("id", "cases"), "people": ("id", "people"), "flags": ("person_id", "people")}


def owner_of(entity: EntityFormat) -> tuple[str, str] | None:
    """The column naming what a record of this entity is judged through, and whether that is a
    case or a person."""
    if entity.name in _OWNER:
        return _OWNER[entity.name]
    if entity.is_entry or entity.name == "participants":
        return ("case_id", "cases")
    return None  # addresses: no standard reads them


def note_touched(state: BatchState, kind: str, ids: Iterable[int]) -> None:
    (state.touched_cases if kind == "cases" else state.touched_people).update(ids)


def note_new(
    state: BatchState, entity: EntityFormat, at: dict[str, int], targets: list, built: list[list]
) -> None:
    """The records of one entity the batch adds (target None): their case or person is re-judged.
    A new case is noted by its reference (its id is not always drawn before the COPY)."""
    owner = owner_of(entity)
    if owner is None or targets.count(None) == 0:
        return
    column, kind = owner
    if entity.model is Case:
        refs = built[at["source_reference"]]
        state.new_case_refs.update(compress(refs, (t is None for t in targets)))
    elif column in at:
        note_touched(state, kind, compress(built[at[column]], (t is None for t in targets)))


class Rejudging(BatchState):
    """The last step of a loaded batch, inside its transaction."""

    def _rejudge(self) -> None:
        """Re-judge the cases the batch changed, in its transaction, as every other write does:
        the cases it added or changed, those its new or changed entries and participants sit on,
        and the open cases of the people whose details or flags it changed. The standards app
        judges them in one set-based pass (ADR 2's many-case run; ADR 11)."""
        case_ids = self.touched_cases
        if self.new_case_refs:
            case_ids |= {
                pk
                for (pk,) in self._fetch(
                    Case.objects.filter(source_system=self.system),
                    "source_reference__in",
                    sorted(self.new_case_refs),
                    ("id",),
                )
            }
        if self.touched_people:
            case_ids |= open_cases_of(self.touched_people, fetch=self._fetch)
        cases_changed(case_ids)
