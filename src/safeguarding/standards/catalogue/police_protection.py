"""POLICE_PROTECTION: s46 police protection: the local authority and parents informed, a
designated officer inquiring, the child's wishes sought; protection ends within 72 hours.

Per child's latest PoliceProtection on the case. Not met when it ran beyond `hours`, or ended
with any of local_authority_informed_at, parents_informed_at, designated_officer or
wishes_sought missing, or is still running past `hours`; met when it ended within `hours` with
all four recorded; not yet due while it runs inside `hours` (due_at: start + hours).
"""

from django.db.models import Case, F, Q, When

from safeguarding.cases.models import PoliceProtection
from safeguarding.cases.vocabulary import Stage
from safeguarding.standards.catalogue._sql import (
    NO_OWNER,
    hours,
    hours_between,
    judged,
    latest_per_case,
    note,
    plus,
    same_evidence,
)
from safeguarding.standards.catalogue._standard import ALL_CASE_TYPES, Standard


def rule(cases, now, t):
    rows = (
        PoliceProtection.objects.filter(case__in=cases)
        .filter(latest_per_case(PoliceProtection, per_child=True))
        .annotate(r_case=F("case"), r_child=F("child"), r_due=plus("occurred_at", hours(t["hours"])))
    )
    all_recorded = Q(
        local_authority_informed_at__isnull=False, parents_informed_at__isnull=False, wishes_sought=True
    ) & ~Q(designated_officer="")
    overran = Q(ended_at__gt=F("r_due"))
    return [
        rows.annotate(
            r_state=judged(
                breach=overran | (Q(ended_at__isnull=False) & ~all_recorded),
                met=Q(ended_at__lte=F("r_due")) & all_recorded,
                now=now,
            ),
            **same_evidence("cases.policeprotection", F("id")),
            r_note=Case(
                When(overran, then=note("ended after ", hours_between("occurred_at", "ended_at"), " h")),
                When(~all_recorded, then=note("informing, designated officer or wishes not all recorded")),
                When(ended_at__isnull=True, then=note("protection continuing")),
                default=note("ended after ", hours_between("occurred_at", "ended_at"), " h, all recorded"),
            ),
            r_owner=NO_OWNER,
        )
    ]


STANDARD = Standard(
    id="POLICE_PROTECTION",
    name="Police protection duties done",
    description="s46 police protection: local authority, parents, designated officer, wishes; ends in 72 h.",
    source="000, 002 (Children Act 1989 s46)",
    stage=Stage.DECISION_MAKING,
    case_types=ALL_CASE_TYPES,
    thresholds={"hours": 72},
    per_child=True,
    rule=rule,
)
