"""RSO_VISITS: registered sex offender visits and reviews on time, per the offender's risk
management plan: by default very high monthly, high 3-monthly, medium 6-monthly, low annually.

Per case with an active OffenderManagement (ended_at empty; the latest on the case). The next
visit is due the interval for the risk level after the latest OffenderVisit (or the start of
management, with none). Met while that is ahead and a visit is on record; not yet due while
ahead before the first visit; not met once it passes. Owner: the offender manager (caseload per
officer is an indicator over these rows by owner).
"""

from django.db.models import Case, CharField, DurationField, F, OuterRef, Q, When
from django.db.models.functions import Cast, Coalesce

from safeguarding.cases.models import OffenderManagement, OffenderVisit
from safeguarding.cases.vocabulary import CaseType, OffenderRisk, Stage
from safeguarding.standards.catalogue._sql import (
    NO_CHILD,
    days,
    days_between,
    judged,
    latest_per_case,
    note,
    text,
)
from safeguarding.standards.catalogue._standard import Standard


def rule(cases, now, t):
    visits = OffenderVisit.objects.filter(management=OuterRef("pk")).order_by("-occurred_at", "-id")
    interval = Case(
        When(risk_level=OffenderRisk.VERY_HIGH, then=days(t["very_high_days"])),
        When(risk_level=OffenderRisk.HIGH, then=days(t["high_days"])),
        When(risk_level=OffenderRisk.MEDIUM, then=days(t["medium_days"])),
        default=days(t["low_days"]),
        output_field=DurationField(),
    )
    rows = (
        OffenderManagement.objects.filter(case__in=cases, ended_at__isnull=True)
        .filter(latest_per_case(OffenderManagement, ended_at__isnull=True))
        .annotate(
            r_case=F("case"),
            r_child=NO_CHILD,
            x_visit=visits.values("id")[:1],
            x_visited_at=visits.values("occurred_at")[:1],
        )
        .annotate(x_last=Coalesce(F("x_visited_at"), F("occurred_at")))
        .annotate(r_due=F("x_last") + interval)
    )
    return [
        rows.annotate(
            r_state=judged(breach=Q(r_due__lte=now), met=Q(x_visit__isnull=False), now=now),
            r_evidence_type=Case(
                When(x_visit__isnull=True, then=text("cases.offendermanagement")),
                default=text("cases.offendervisit"),
            ),
            r_evidence_id=Cast(Coalesce(F("x_visit"), F("id")), CharField()),
            r_note=Case(
                When(x_visit__isnull=True, then=note("no visit yet; ", F("risk_level"), " risk")),
                default=note(
                    "last visit ", days_between("x_visited_at", now), " days ago; ", F("risk_level"), " risk"
                ),
            ),
            r_owner=F("manager"),
        )
    ]


STANDARD = Standard(
    id="RSO_VISITS",
    name="Registered sex offender visits on time",
    description="Registered sex offender visited on time for their risk level.",
    source="000 (100 vs 58 per officer; delayed reviews)",
    stage=Stage.MANAGING_RISK,
    case_types=frozenset({CaseType.SEX_OFFENDER}),
    thresholds={"very_high_days": 30, "high_days": 91, "medium_days": 182, "low_days": 365},
    rule=rule,
)
