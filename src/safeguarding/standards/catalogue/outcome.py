"""OUTCOME: the outcome for the child is recorded at the end of police involvement.

Per subject child, on every case type except sex offender enquiries. "A case cannot close
without it": closed without a ChildOutcome (or with one recorded after closure) is not met; an
open case is not yet due (due_at = first report + expected_days, for the worklist).
"""

from safeguarding.cases.models import ChildOutcome
from safeguarding.cases.vocabulary import CaseType, Stage
from safeguarding.standards.catalogue._sql import recorded_before_closure
from safeguarding.standards.catalogue._standard import ALL_CASE_TYPES, Standard


def rule(cases, now, t):
    return [
        recorded_before_closure(
            cases,
            now,
            model=ChildOutcome,
            label="cases.childoutcome",
            expected_days=t["expected_days"],
            noun="outcome",
            one_per_child=True,  # outcome_one_per_child_per_case
        )
    ]


STANDARD = Standard(
    id="OUTCOME",
    name="Outcome for the child recorded",
    description="The outcome for the child recorded at the end of police involvement.",
    source="000/003 trusted adult",
    stage=Stage.TRUSTED_ADULT,
    case_types=ALL_CASE_TYPES - {CaseType.SEX_OFFENDER},
    thresholds={"expected_days": 28},
    per_child=True,
    rule=rule,
    # Closed without an outcome: recording it late still completes the child's record (the
    # breach stays in the indicators), so the item stays on the worklist until it is on file.
    fixable_after_closure=True,
    done_when_recorded_late=True,
)
