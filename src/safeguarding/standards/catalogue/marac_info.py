"""MARAC_INFO: high-risk domestic abuse with children goes to MARAC, and the history of abuse and
the number of children are shared before the meeting.

Per domestic abuse case that has a MARAC meeting, or a high-grade DASH/DARA risk assessment and
a domestic abuse incident with children present. Met when the first MARAC's history of abuse was
shared (history_shared_at) no later than the meeting and the number of children was shared.
Due at the meeting; with no MARAC yet, due `referral_days` after the first high-risk assessment
(DOMAIN.md gives no figure: a force setting). Not yet due before that; not met after.

How: the first MARAC and the first high-risk assessment of each case are ranked once and LEFT
JOINed to the cases; the incident with children is checked only where there is no MARAC.
"""

from django.db.models import Case, CharField, DateTimeField, Exists, F, OuterRef, Q, When
from django.db.models.functions import Cast, Coalesce

from safeguarding.cases.models import Incident, Meeting, RiskAssessment
from safeguarding.cases.vocabulary import CaseType, IncidentKind, MeetingKind, RiskGrade, RiskTool, Stage
from safeguarding.standards.catalogue._sql import (
    NO_CHILD,
    NO_OWNER,
    days,
    first_per,
    judged,
    left_join,
    note,
    plus,
    text,
    with_children_present,
)
from safeguarding.standards.catalogue._standard import Standard


def rule(cases, now, t):
    marac = first_per(
        Meeting.objects.filter(case__in=cases, kind=MeetingKind.MARAC),
        "case",
        fields=("id", "occurred_at", "history_shared_at", "children_count_shared"),
        name="first_marac",
    )
    high_risk = first_per(
        RiskAssessment.objects.filter(
            case__in=cases, tool__in=[RiskTool.DASH, RiskTool.DARA], grade=RiskGrade.HIGH
        ),
        "case",
        fields=("id", "occurred_at"),
        name="first_high_risk",
    )
    with_children = Incident.objects.filter(case=OuterRef("pk"), kind=IncidentKind.DOMESTIC_ABUSE).filter(
        with_children_present()
    )
    rows = (
        left_join(left_join(cases, marac, pk="case"), high_risk, pk="case")
        .annotate(
            r_case=F("pk"),
            r_child=NO_CHILD,
            x_marac=marac.col.id,
            x_marac_at=marac.col.occurred_at,
            x_shared_at=marac.col.history_shared_at,
            x_children_shared=marac.col.children_count_shared,
            x_assessment=high_risk.col.id,
            x_assessed_at=high_risk.col.occurred_at,
        )
        .filter(Q(x_marac__isnull=False) | (Q(x_assessment__isnull=False) & Exists(with_children)))
    )
    shared = Q(x_shared_at__lte=F("x_marac_at"), x_children_shared__isnull=False)
    return [
        rows.annotate(
            r_due=Coalesce(
                F("x_marac_at"), plus("x_assessed_at", days(t["referral_days"])), output_field=DateTimeField()
            )
        ).annotate(
            r_state=judged(met=shared, now=now),
            r_evidence_type=Case(
                When(x_marac__isnull=False, then=text("cases.meeting")), default=text("cases.riskassessment")
            ),
            r_evidence_id=Cast(Coalesce(F("x_marac"), F("x_assessment")), CharField()),
            r_note=Case(
                When(x_marac__isnull=True, then=note("high risk, no MARAC")),
                When(shared, then=note("shared before the meeting")),
                When(x_shared_at__isnull=True, then=note("history not shared")),
                When(x_children_shared__isnull=True, then=note("number of children not shared")),
                default=note("shared after the meeting"),
            ),
            r_owner=NO_OWNER,
        )
    ]


STANDARD = Standard(
    id="MARAC_INFO",
    name="Information shared before the MARAC",
    description="High-risk domestic abuse with children to MARAC; history and children shared before it.",
    source="000",
    stage=Stage.ASSESSMENT,
    case_types=frozenset({CaseType.DOMESTIC_ABUSE}),
    thresholds={"referral_days": 28},
    rule=rule,
)
