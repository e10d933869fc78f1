"""VOICE: the views and concerns of the child are recorded on every child protection case.

Per subject child, on every case type except sex offender enquiries (whose subject is an adult).
A ChildView counts when it gives the child's views, or says why none could be given: "not able:
communication needs" and "child declined" record the reason. "Not able: too young (demeanour
recorded instead)" counts only as DOMAIN.md allows it: for a child under `too_young_years` (about
3) when the view was recorded, and only where a demeanour record for the child is on the case; a
child of unknown age cannot be shown to be that young. The deadline is closure (see
`recorded_before_closure`: open cases are not yet due, with an expected date for the worklist).
"""

from django.db.models import Exists, OuterRef, Q

from safeguarding.cases.models import ChildView, DemeanourRecord
from safeguarding.cases.vocabulary import CaseType, NotAbleReason, Stage
from safeguarding.standards.catalogue._sql import age_gap, recorded_before_closure
from safeguarding.standards.catalogue._standard import ALL_CASE_TYPES, Standard


def counting_views(too_young_years: float):
    """The ChildView records that answer VOICE."""
    demeanour_recorded = Exists(
        DemeanourRecord.objects.filter(case=OuterRef("case"), child=OuterRef("child"))
    )
    too_young = (
        ChildView.objects.filter(not_able_reason=NotAbleReason.TOO_YOUNG, child__date_of_birth__isnull=False)
        .annotate(x_age=age_gap("child__date_of_birth", "occurred_at"))
        .filter(demeanour_recorded, x_age__lt=int(too_young_years * 10000))
    )
    return ChildView.objects.filter(
        ~Q(not_able_reason=NotAbleReason.TOO_YOUNG) | Q(pk__in=too_young.values("pk"))
    )


def rule(cases, now, t):
    return [
        recorded_before_closure(
            cases,
            now,
            model=ChildView,
            label="cases.childview",
            expected_days=t["expected_days"],
            noun="views",
            counts=counting_views(t["too_young_years"]),
        )
    ]


STANDARD = Standard(
    id="VOICE",
    name="Child's views recorded",
    description="The child's views and concerns recorded before the case closes.",
    source="000/003 trusted adult",
    stage=Stage.TRUSTED_ADULT,
    case_types=ALL_CASE_TYPES - {CaseType.SEX_OFFENDER},
    # too_young_years: DOMAIN.md's "under ~3"; a force may set its own in STANDARD_OVERRIDES.
    thresholds={"expected_days": 28, "too_young_years": 3},
    per_child=True,
    rule=rule,
)
