"""RETURN_INTERVIEW: after a missing episode, a safe-and-well check and a return interview are
done and the information passed to social care, within 72 hours of the return.

Per child with returned episodes on the case; every returned episode of that child on that case
needs safe_and_well_at, return_interview_at and info_to_social_care_at each no later than
`hours` after returned_at. Not met when any is late, or missing after the deadline (evidence:
the first such episode); not yet due while the latest return's deadline is ahead and something
is still missing; met when all are done in time (evidence: the latest returned episode).
"""

from django.db.models import Case, CharField, Exists, F, OuterRef, Q, When
from django.db.models.functions import Cast, Coalesce

from safeguarding.cases.models import MissingEpisode
from safeguarding.cases.vocabulary import CaseType, Stage
from safeguarding.standards.catalogue._sql import (
    NO_OWNER,
    hours,
    judged,
    latest_per_case,
    moment,
    note,
    plus,
    text,
)
from safeguarding.standards.catalogue._standard import Standard

STEPS = ("safe_and_well_at", "return_interview_at", "info_to_social_care_at")


def rule(cases, now, t):
    window = hours(t["hours"])
    returned = MissingEpisode.objects.filter(
        case=OuterRef("case"), child=OuterRef("child"), returned_at__isnull=False
    )
    late = Q()
    missing = Q()
    for step in STEPS:
        late |= Q(**{f"{step}__gt": F("returned_at") + window})
        missing |= Q(**{f"{step}__isnull": True})
    overdue = returned.filter(late | (missing & Q(returned_at__lt=moment(now) - window))).order_by(
        "occurred_at", "id"
    )
    latest = MissingEpisode.objects.filter(case__in=cases, returned_at__isnull=False).filter(
        latest_per_case(MissingEpisode, per_child=True, returned_at__isnull=False)
    )
    rows = latest.annotate(
        r_case=F("case"),
        r_child=F("child"),
        r_due=plus("returned_at", window),
        x_overdue=overdue.values("id")[:1],
    )
    return [
        rows.annotate(
            r_state=judged(breach=Q(x_overdue__isnull=False), met=~Exists(returned.filter(missing)), now=now),
            r_evidence_type=text("cases.missingepisode"),
            r_evidence_id=Cast(Coalesce(F("x_overdue"), F("id")), CharField()),
            r_note=Case(
                When(x_overdue__isnull=False, then=note("check, interview or information late or missing")),
                When(missing, then=note("awaiting check, interview or information to social care")),
                default=note("all within 72 h of return"),
            ),
            r_owner=NO_OWNER,
        )
    ]


STANDARD = Standard(
    id="RETURN_INTERVIEW",
    name="Return interview after a missing episode",
    description="Safe-and-well check, return interview and information to social care within 72 h of return.",
    source="000, 002",
    stage=Stage.INITIAL_CONTACT,
    case_types=frozenset({CaseType.MISSING, CaseType.CSE}),
    thresholds={"hours": 72},
    per_child=True,
    rule=rule,
)
