"""What a practice standard is: its identity, where it applies, its thresholds and its rule."""

import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from itertools import chain
from types import MappingProxyType

from django.conf import settings
from django.db.models import QuerySet

from safeguarding.cases.vocabulary import CaseType, Stage

# Every row a rule yields has these keys (prefixed: a queryset over an entry model may not
# annotate a name its model already has, such as `case_id`).
ROW_FIELDS = (
    "r_case",
    "r_child",
    "r_state",
    "r_due",
    "r_evidence_type",
    "r_evidence_id",
    "r_note",
    "r_owner",
)

Thresholds = Mapping[str, float]
# rule(cases, now, thresholds) -> querysets whose values() rows have ROW_FIELDS
Rule = Callable[[QuerySet, dt.datetime, Thresholds], list[QuerySet]]

ALL_CASE_TYPES = frozenset(CaseType)


@dataclass(frozen=True)
class Standard:
    id: str
    description: str
    source: str
    stage: Stage
    case_types: frozenset[str]
    rule: Rule
    thresholds: Mapping[str, float] = field(default_factory=dict)
    per_child: bool = False
    # Thresholds counted in working days (the evaluator makes sure the calendar covers them).
    working_day_thresholds: tuple[str, ...] = ()
    # Worklists (see StandardResult.actionable): a record added after the case closed can still
    # meet the standard (OUTCOME); or the only failure is lateness, so once the late record is
    # on file there is nothing left to do (DEMEANOUR: evidence is the late record).
    fixable_after_closure: bool = False
    done_when_recorded_late: bool = False
    # Worklists (issue 25): the record this standard is judged on is the entry itself (a
    # referral, a strategy discussion, a detention), so once it is on file, late or short,
    # adding another would only duplicate it. Such an item offers its record and an
    # acknowledgement instead of "Add the record".
    acknowledged_when_late: bool = False
    # Whether a not-met result is a to-do at all: TIMELY_RECORD says a record was entered late,
    # which no later action can change; it counts in the indicators only.
    on_worklist: bool = True
    doc: str = ""
    # What a person reads (issue 25): a few plain words; the ID is for code and analysts.
    name: str = ""

    def threshold_values(self) -> Thresholds:
        """The defaults, overridden by settings.STANDARD_OVERRIDES[<id>] where a force set them."""
        overrides = getattr(settings, "STANDARD_OVERRIDES", {}).get(self.id, {})
        unknown = set(overrides) - set(self.thresholds)
        if unknown:
            raise ValueError(f"STANDARD_OVERRIDES[{self.id!r}] names unknown thresholds: {sorted(unknown)}")
        return MappingProxyType({**self.thresholds, **overrides})

    def working_days_used(self) -> set[int]:
        values = self.threshold_values()
        return {int(values[name]) for name in self.working_day_thresholds}

    def queries(self, cases: QuerySet, now: dt.datetime) -> list[QuerySet]:
        """The rule's querysets (values() rows with ROW_FIELDS) over the cases it applies to.

        The same querysets serve the full run (all cases of a district, written with one
        INSERT ... SELECT each on PostgreSQL) and the incremental run (a queryset of one case).
        """
        applicable = cases.filter(case_type__in=self.case_types)
        # order_by(): no model's default ordering (a sort of every row) in a bulk statement.
        return [
            qs.order_by().values(*ROW_FIELDS) for qs in self.rule(applicable, now, self.threshold_values())
        ]

    def evaluate(self, cases: QuerySet, now: dt.datetime) -> Iterator[dict]:
        """Result rows for the cases (cases and children with no row: not applicable)."""
        return chain.from_iterable(self.queries(cases, now))
