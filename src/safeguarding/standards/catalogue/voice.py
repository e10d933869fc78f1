"""VOICE: the views and concerns of the child are recorded on every child protection case.

Per subject child, on every case type except sex offender enquiries (whose subject is an adult).
Any ChildView counts, including "not able: too young (demeanour recorded instead)", "not able:
communication needs" and "child declined": DOMAIN.md accepts the first for children under ~3 and
the others record why no views were given. The deadline is closure (see
`recorded_before_closure`: open cases are not yet due, with an expected date for the worklist).
"""

from safeguarding.cases.models import ChildView
from safeguarding.cases.vocabulary import CaseType, Stage
from safeguarding.standards.catalogue._sql import recorded_before_closure
from safeguarding.standards.catalogue._standard import ALL_CASE_TYPES, Standard


def rule(cases, now, t):
    return [
        recorded_before_closure(
            cases,
            now,
            model=ChildView,
            label="cases.childview",
            expected_days=t["expected_days"],
            noun="views",
        )
    ]


STANDARD = Standard(
    id="VOICE",
    description="The child's views and concerns recorded before the case closes.",
    source="000/003 trusted adult",
    stage=Stage.TRUSTED_ADULT,
    case_types=ALL_CASE_TYPES - {CaseType.SEX_OFFENDER},
    thresholds={"expected_days": 28},
    per_child=True,
    rule=rule,
)
