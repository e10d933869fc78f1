"""LAC_CUSTODY: a looked-after child arrested for behaviour in their children's home is flagged
for review.

Per child's latest detention on the case recorded as arising from behaviour in the children's
home. Flagging is not a judgement on its own, so the review is what is checked: met once a
decision note (CaseNote of kind decision, made at or after the detention, with the reasons for
arresting rather than leaving it to the home) is on record within `review_days`; not yet due
before; not met after. Without such a detention the standard does not apply.
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
            flagged=Q(behaviour_in_childrens_home=True),
            noun="arrest for behaviour in a children's home",
        )
    ]


STANDARD = Standard(
    id="LAC_CUSTODY",
    name="Looked-after child arrested at their children's home",
    description="A looked-after child arrested for behaviour in their children's home flagged for review.",
    source="002 (all 15 detained in one force)",
    stage=Stage.DETENTION,
    case_types=ALL_CASE_TYPES,
    thresholds={"review_days": 7},
    per_child=True,
    rule=rule,
)
