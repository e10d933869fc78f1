"""MINOR_CRIMINALISATION: a child arrested for a minor offence against a sibling or family
member, or for lying or wasting police time after a disclosure, is flagged for review.

Per child's latest detention on the case marked minor_offence_against_family, or whose offence
reads "wasting police time". As LAC_CUSTODY: met once a decision note (CaseNote of kind
decision) made at or after the detention is on record within `review_days`; not yet due before;
not met after.
"""

from django.db.models import Q

from safeguarding.cases.vocabulary import Stage
from safeguarding.standards.catalogue._sql import flagged_for_review
from safeguarding.standards.catalogue._standard import ALL_CASE_TYPES, Standard


def rule(cases, now, t):
    return [
        flagged_for_review(
            cases,
            now,
            review_days=t["review_days"],
            flagged=Q(minor_offence_against_family=True) | Q(offence__icontains="wasting police time"),
            noun="arrest for a minor or family offence",
        )
    ]


STANDARD = Standard(
    id="MINOR_CRIMINALISATION",
    name="Child arrested for a minor offence at home",
    description="A child arrested for a minor family offence or wasting police time flagged for review.",
    source="002",
    stage=Stage.DETENTION,
    case_types=ALL_CASE_TYPES,
    thresholds={"review_days": 7},
    per_child=True,
    rule=rule,
)
