"""CAWN: an adult found with a child at risk of sexual exploitation: a child abduction warning
notice is considered or served, and the decision recorded.

Per case of a CSE concern (type CSE, or an incident of kind cse_concern) with an adult suspect
or other adult on the case. The adult was found at the first cse_concern incident or, with none,
the case's first report. Met when a ProtectiveOrder of kind CAWN (any decision: considered and
not used with a reason, served, granted) is on record within `days` of that (DOMAIN.md asks only
for "a recorded decision": the days are a force setting); not yet due before; not met after.
The CAWN age limits (under 16 at home, under 18 in care) are left to the decision's reason.

How: the first CSE concern and the first CAWN of each case are ranked once and LEFT JOINed,
so the case-type test comes before the (per case) check for an adult.
"""

from django.db.models import Case, DateTimeField, Exists, F, OuterRef, Q, When
from django.db.models.functions import Coalesce

from safeguarding.cases.models import CaseParticipant, Incident, ProtectiveOrder
from safeguarding.cases.vocabulary import CaseType, IncidentKind, OrderKind, ParticipantRole, Stage
from safeguarding.standards.catalogue._sql import (
    NO_CHILD,
    NO_OWNER,
    days,
    evidence,
    first_per,
    judged,
    left_join,
    note,
    plus,
)
from safeguarding.standards.catalogue._standard import ALL_CASE_TYPES, Standard


def rule(cases, now, t):
    concern = first_per(
        Incident.objects.filter(case__in=cases, kind=IncidentKind.CSE_CONCERN),
        "case",
        fields=("occurred_at",),
        name="first_cse_concern",
    )
    order = first_per(
        ProtectiveOrder.objects.filter(case__in=cases, kind=OrderKind.CAWN),
        "case",
        order=("recorded_at", "id"),
        fields=("id", "recorded_at", "decision"),
        name="first_cawn",
    )
    adult = CaseParticipant.objects.filter(
        case=OuterRef("pk"), role__in=[ParticipantRole.SUSPECT, ParticipantRole.OTHER_ADULT]
    )
    rows = (
        left_join(cases, concern, pk="case")
        .annotate(x_concern_at=concern.col.occurred_at)
        .filter(Q(case_type=CaseType.CSE) | Q(x_concern_at__isnull=False))
        .filter(Exists(adult))
        .annotate(
            r_case=F("pk"),
            r_child=NO_CHILD,
            x_found=Coalesce(F("x_concern_at"), F("first_reported_at"), output_field=DateTimeField()),
        )
        .annotate(r_due=plus("x_found", days(t["days"])))
    )
    rows = left_join(rows, order, pk="case").annotate(
        x_order=order.col.id, x_ordered_at=order.col.recorded_at, x_decision=order.col.decision
    )
    return [
        rows.annotate(
            r_state=judged(met=Q(x_ordered_at__lte=F("r_due")), now=now),
            **evidence("cases.protectiveorder", "x_order"),
            r_note=Case(
                When(x_order__isnull=True, then=note("no CAWN decision recorded")),
                When(x_ordered_at__lte=F("r_due"), then=note("CAWN decision: ", F("x_decision"))),
                default=note("CAWN decision recorded late"),
            ),
            r_owner=NO_OWNER,
        )
    ]


STANDARD = Standard(
    id="CAWN",
    name="Child abduction warning notice considered",
    description="An adult found with a child at risk of CSE: a CAWN considered or served, decision recorded.",
    source="002, 003",
    stage=Stage.MANAGING_RISK,
    case_types=ALL_CASE_TYPES - {CaseType.SEX_OFFENDER, CaseType.CUSTODY},
    thresholds={"days": 7},
    rule=rule,
)
