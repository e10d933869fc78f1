"""INFORMED: the child (as appropriate) is informed of decisions made about them, before closure.

Per subject child, on every case type except sex offender enquiries: an InformedOfDecision for
the child on the case recorded before closure. "As appropriate" is left to the officer: the
record's method says how (for a baby, through the parent). Open cases are not yet due.
"""

from safeguarding.cases.models import InformedOfDecision
from safeguarding.cases.vocabulary import CaseType, Stage
from safeguarding.standards.catalogue._sql import recorded_before_closure
from safeguarding.standards.catalogue._standard import ALL_CASE_TYPES, Standard


def rule(cases, now, t):
    return [
        recorded_before_closure(
            cases,
            now,
            model=InformedOfDecision,
            label="cases.informedofdecision",
            expected_days=t["expected_days"],
            noun="decision shared with the child",
        )
    ]


STANDARD = Standard(
    id="INFORMED",
    name="Child told of decisions",
    description="The child informed of decisions made about them, recorded before closure.",
    source="000/003 trusted adult",
    stage=Stage.TRUSTED_ADULT,
    case_types=ALL_CASE_TYPES - {CaseType.SEX_OFFENDER},
    thresholds={"expected_days": 28},
    per_child=True,
    rule=rule,
)
