"""CSE_FLAG: a child at risk of sexual exploitation is flagged, so the flag is visible at first
contact, when a CSE concern is recorded.

Per subject child on a case with a CSE concern: a case of type "at risk of sexual exploitation"
(concern at the first report), an incident of kind cse_concern, or a CSE risk assessment; the
concern is the earliest of these. Met when the child has a CSE-risk Flag put on the record
(recorded_at) no later than `hours` after the concern (an older flag counts); not yet due
before then; not met after (DOMAIN.md says "when a concern is recorded"; the hours are a force
setting).
"""

from django.db.models import Case, DateTimeField, F, Min, OuterRef, Q, When
from django.db.models.functions import Coalesce, Least

from safeguarding.cases.models import Incident, RiskAssessment
from safeguarding.cases.vocabulary import CaseType, IncidentKind, RiskTool, Stage
from safeguarding.people.models import Flag
from safeguarding.people.vocabulary import FlagKind
from safeguarding.standards.catalogue._sql import (
    NO_OWNER,
    evidence,
    hours,
    judged,
    note,
    plus,
    subject_children,
)
from safeguarding.standards.catalogue._standard import ALL_CASE_TYPES, Standard


def rule(cases, now, t):
    import datetime as dt

    from django.db.models import Value

    never = Value(dt.datetime(9999, 12, 31, tzinfo=dt.UTC), output_field=DateTimeField())
    incident = (
        Incident.objects.filter(case=OuterRef("case"), kind=IncidentKind.CSE_CONCERN)
        .values("case")
        .annotate(m=Min("occurred_at"))
        .values("m")
    )
    assessment = (
        RiskAssessment.objects.filter(case=OuterRef("case"), tool=RiskTool.CSE)
        .values("case")
        .annotate(m=Min("occurred_at"))
        .values("m")
    )
    by_type = Case(When(case__case_type=CaseType.CSE, then=F("case__first_reported_at")), default=never)
    flags = Flag.objects.filter(person=OuterRef("person"), kind=FlagKind.CSE_RISK).order_by(
        "recorded_at", "id"
    )
    rows = (
        subject_children(cases)
        .annotate(
            x_concern=Least(
                Coalesce(incident, never, output_field=DateTimeField()),
                Coalesce(assessment, never, output_field=DateTimeField()),
                by_type,
            )
        )
        .filter(x_concern__lt=never)
        .annotate(
            r_case=F("case"),
            r_child=F("person"),
            r_due=plus("x_concern", hours(t["hours"])),
            x_flag=flags.values("id")[:1],
            x_flagged_at=flags.values("recorded_at")[:1],
        )
    )
    return [
        rows.annotate(
            r_state=judged(met=Q(x_flagged_at__lte=F("r_due")), now=now),
            **evidence("people.flag", "x_flag"),
            r_note=Case(
                When(x_flag__isnull=True, then=note("no CSE flag")),
                When(x_flagged_at__lte=F("r_due"), then=note("flagged")),
                default=note("flagged late"),
            ),
            r_owner=NO_OWNER,
        )
    ]


STANDARD = Standard(
    id="CSE_FLAG",
    description="A child at risk of sexual exploitation flagged when the concern is recorded.",
    source="003 (no CSE flag)",
    stage=Stage.INITIAL_CONTACT,
    case_types=ALL_CASE_TYPES - {CaseType.SEX_OFFENDER, CaseType.CUSTODY},
    thresholds={"hours": 24},
    per_child=True,
    rule=rule,
)
