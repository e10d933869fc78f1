"""CSE_FLAG: a child at risk of sexual exploitation is flagged, so the flag is visible at first
contact, when a CSE concern is recorded.

Per subject child on a case with a CSE concern: a case of type "at risk of sexual exploitation"
(concern at the first report), an incident of kind cse_concern, or a CSE risk assessment; the
concern is the earliest of these. Met when the child has a CSE-risk Flag put on the record
(recorded_at) no later than `hours` after the concern (an older flag counts); not yet due
before then; not met after (DOMAIN.md says "when a concern is recorded"; the hours are a force
setting).

How: the first CSE-concern incident and the first CSE risk assessment of each case are ranked
once and LEFT JOINed to the cases; only the cases with a concern are joined to their subject
children, whose flags are then looked up.
"""

import datetime as dt

from django.db.models import Case, DateTimeField, F, OuterRef, Q, Value, When
from django.db.models.functions import Coalesce, Least

from safeguarding.cases.models import Incident, RiskAssessment
from safeguarding.cases.vocabulary import CaseType, IncidentKind, ParticipantRole, RiskTool, Stage
from safeguarding.people.models import Flag
from safeguarding.people.vocabulary import FlagKind
from safeguarding.standards.catalogue._sql import (
    NO_OWNER,
    evidence,
    first_per,
    hours,
    judged,
    left_join,
    note,
    plus,
)
from safeguarding.standards.catalogue._standard import ALL_CASE_TYPES, Standard

NEVER = Value(dt.datetime(9999, 12, 31, tzinfo=dt.UTC), output_field=DateTimeField())


def rule(cases, now, t):
    incident = first_per(
        Incident.objects.filter(case__in=cases, kind=IncidentKind.CSE_CONCERN),
        "case",
        fields=("occurred_at",),
        name="first_cse_incident",
    )
    assessment = first_per(
        RiskAssessment.objects.filter(case__in=cases, tool=RiskTool.CSE),
        "case",
        fields=("occurred_at",),
        name="first_cse_assessment",
    )
    by_type = Case(When(case_type=CaseType.CSE, then=F("first_reported_at")), default=NEVER)
    concerned = (
        left_join(left_join(cases, incident, pk="case"), assessment, pk="case")
        .annotate(
            x_concern=Least(
                Coalesce(incident.col.occurred_at, NEVER, output_field=DateTimeField()),
                Coalesce(assessment.col.occurred_at, NEVER, output_field=DateTimeField()),
                by_type,
            )
        )
        .filter(x_concern__lt=NEVER)
    )
    flags = Flag.objects.filter(person=OuterRef("r_child"), kind=FlagKind.CSE_RISK).order_by(
        "recorded_at", "id"
    )
    rows = concerned.filter(participants__role=ParticipantRole.SUBJECT_CHILD).annotate(
        r_case=F("pk"),
        r_child=F("participants__person"),
        r_due=plus("x_concern", hours(t["hours"])),
        x_flag=flags.values("id")[:1],
        x_flagged_at=flags.values("recorded_at")[:1],
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
    name="Risk of sexual exploitation flagged",
    description="A child at risk of sexual exploitation flagged when the concern is recorded.",
    source="003 (no CSE flag)",
    stage=Stage.INITIAL_CONTACT,
    case_types=ALL_CASE_TYPES - {CaseType.SEX_OFFENDER, CaseType.CUSTODY},
    thresholds={"hours": 24},
    per_child=True,
    rule=rule,
)
