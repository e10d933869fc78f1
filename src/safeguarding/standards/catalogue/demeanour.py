"""DEMEANOUR: the demeanour and behaviour of each child present at a domestic abuse incident is
recorded within 24 hours of the incident.

Applies to domestic abuse cases with an Incident of kind domestic_abuse and children_present > 0:
one result per child on the case (subject child or child present). The incident is the case's
first such incident. Met when a DemeanourRecord for that child on that case was put on the record
(recorded_at) within `hours` of the incident happening (occurred_at); not yet due before then;
not met after it. Evidence: the child's first demeanour record on the case (late, when not met).
"""

from django.db.models import Case, F, OuterRef, Q, When

from safeguarding.cases.models import DemeanourRecord, Incident
from safeguarding.cases.vocabulary import CaseType, IncidentKind, Stage
from safeguarding.standards.catalogue._sql import (
    NO_OWNER,
    evidence,
    first_per_case,
    hours,
    hours_between,
    judged,
    note,
    plus,
    with_children,
)
from safeguarding.standards.catalogue._standard import Standard

DA_WITH_CHILDREN = {"kind": IncidentKind.DOMESTIC_ABUSE, "children_present__gt": 0}


def rule(cases, now, t):
    incidents = Incident.objects.filter(case__in=cases, **DA_WITH_CHILDREN).filter(
        first_per_case(Incident, **DA_WITH_CHILDREN)
    )
    records = DemeanourRecord.objects.filter(case=OuterRef("case"), child=OuterRef("r_child")).order_by(
        "recorded_at", "id"
    )
    rows = with_children(incidents).annotate(
        r_case=F("case"),
        r_due=plus("occurred_at", hours(t["hours"])),
        x_record=records.values("id")[:1],
        x_recorded_at=records.values("recorded_at")[:1],
    )
    return [
        rows.annotate(
            r_state=judged(met=Q(x_recorded_at__lte=F("r_due")), now=now),
            **evidence("cases.demeanourrecord", "x_record"),
            r_note=Case(
                When(x_recorded_at__isnull=True, then=note("no demeanour record")),
                default=note(
                    "recorded ", hours_between("occurred_at", "x_recorded_at"), " h after the incident"
                ),
            ),
            r_owner=NO_OWNER,
        )
    ]


STANDARD = Standard(
    id="DEMEANOUR",
    description="Each child's demeanour and behaviour recorded at a domestic abuse incident.",
    source="000 initial contact; 003 recommendation",
    stage=Stage.INITIAL_CONTACT,
    case_types=frozenset({CaseType.DOMESTIC_ABUSE}),
    thresholds={"hours": 24},
    per_child=True,
    rule=rule,
    done_when_recorded_late=True,
)
