"""HTCU_DELAY: digital media analysis is not left waiting: priority 14 days, routine 60 days; a
suspect on bail awaiting analysis is flagged.

Per case with a device_submitted step (the latest submission on the case). Steps do not link a
return to a submission, so the analysis is back at the first device_returned step of the same
investigation on or after the submission. Due `priority_days` or `routine_days` (blank priority
= routine) after submission. Met when back by then; not yet due before; not met after. The note
says when a bail step of the investigation runs to today or later while the analysis is awaited.
"""

from django.db.models import Case, Exists, F, OuterRef, Q, When
from django.db.models.functions import TruncDate

from safeguarding.cases.models import InvestigationStep
from safeguarding.cases.vocabulary import DevicePriority, InvestigationStepKind, Stage
from safeguarding.standards.catalogue._sql import (
    NO_CHILD,
    days,
    days_between,
    judged,
    latest_per_case,
    moment,
    note,
    plus,
    same_evidence,
)
from safeguarding.standards.catalogue._standard import ALL_CASE_TYPES, Standard


def rule(cases, now, t):
    submitted = InvestigationStep.objects.filter(
        case__in=cases, kind=InvestigationStepKind.DEVICE_SUBMITTED
    ).filter(latest_per_case(InvestigationStep, kind=InvestigationStepKind.DEVICE_SUBMITTED))
    returned = InvestigationStep.objects.filter(
        investigation=OuterRef("investigation"),
        kind=InvestigationStepKind.DEVICE_RETURNED,
        occurred_at__gte=OuterRef("occurred_at"),
    ).order_by("occurred_at", "id")
    on_bail = InvestigationStep.objects.filter(
        investigation=OuterRef("investigation"),
        kind=InvestigationStepKind.BAIL,
        bail_until__gte=TruncDate(moment(now)),
    )
    rows = submitted.annotate(
        r_case=F("case"),
        r_child=NO_CHILD,
        r_due=Case(
            When(device_priority=DevicePriority.PRIORITY, then=plus("occurred_at", days(t["priority_days"]))),
            default=plus("occurred_at", days(t["routine_days"])),
        ),
        x_returned_at=returned.values("occurred_at")[:1],
    )
    return [
        rows.annotate(
            r_state=judged(met=Q(x_returned_at__lte=F("r_due")), now=now),
            **same_evidence("cases.investigationstep", F("id")),
            r_note=Case(
                When(
                    Q(x_returned_at__isnull=True) & Exists(on_bail),
                    then=note("suspect on bail awaiting analysis"),
                ),
                When(
                    x_returned_at__isnull=True,
                    then=note("awaiting analysis ", days_between("occurred_at", now), " days"),
                ),
                default=note("returned after ", days_between("occurred_at", "x_returned_at"), " days"),
            ),
            r_owner=F("investigation__officer"),
        )
    ]


STANDARD = Standard(
    id="HTCU_DELAY",
    name="Digital media analysed without delay",
    description="Digital media analysis back within 14 days (priority) or 60 days (routine).",
    source="000 (8 months), 003",
    stage=Stage.INVESTIGATION,
    case_types=ALL_CASE_TYPES,
    thresholds={"priority_days": 14, "routine_days": 60},
    rule=rule,
)
