"""CPS_DELAY: a charging decision is not left waiting: 28 days after the file went to the CPS,
escalate.

Per case with a cps_submitted step (the latest submission on the case). The decision is the
first cps_decision step of the same investigation on or after the submission. Due `days` after
submission. Met when decided by then; not yet due before; not met after (to be escalated).

How: the decision lookup runs once per submission, in a fact table (`facts`) that the state
and note read.
"""

from django.db.models import Case, F, OuterRef, Q, When

from safeguarding.cases.models import InvestigationStep
from safeguarding.cases.vocabulary import InvestigationStepKind, Stage
from safeguarding.standards.catalogue._sql import (
    NO_CHILD,
    days,
    days_between,
    facts,
    judged,
    latest_per_case,
    note,
    plus,
    same_evidence,
)
from safeguarding.standards.catalogue._standard import ALL_CASE_TYPES, Standard


def rule(cases, now, t):
    submitted = InvestigationStep.objects.filter(
        case__in=cases, kind=InvestigationStepKind.CPS_SUBMITTED
    ).filter(latest_per_case(InvestigationStep, kind=InvestigationStepKind.CPS_SUBMITTED))
    decision = InvestigationStep.objects.filter(
        investigation=OuterRef("investigation"),
        kind=InvestigationStepKind.CPS_DECISION,
        occurred_at__gte=OuterRef("occurred_at"),
    ).order_by("occurred_at", "id")
    rows = submitted.annotate(
        r_case=F("case"),
        r_child=NO_CHILD,
        r_due=plus("occurred_at", days(t["days"])),
        x_step=F("id"),
        x_submitted_at=F("occurred_at"),
        x_decided_at=decision.values("occurred_at")[:1],
        x_owner=F("investigation__officer"),
    )
    rows = facts(rows, "r_case", "r_child", "r_due", "x_step", "x_submitted_at", "x_decided_at", "x_owner")
    return [
        rows.annotate(
            r_state=judged(met=Q(x_decided_at__lte=F("r_due")), now=now),
            **same_evidence("cases.investigationstep", F("x_step")),
            r_note=Case(
                When(
                    x_decided_at__isnull=True,
                    then=note("awaiting decision ", days_between("x_submitted_at", now), " days"),
                ),
                default=note("decided after ", days_between("x_submitted_at", "x_decided_at"), " days"),
            ),
            r_owner=F("x_owner"),
        )
    ]


STANDARD = Standard(
    id="CPS_DELAY",
    name="Charging decision without delay",
    description="A CPS charging decision within 28 days of the file, or escalated.",
    source="000, 003 (3-4 months)",
    stage=Stage.INVESTIGATION,
    case_types=ALL_CASE_TYPES,
    thresholds={"days": 28},
    rule=rule,
)
