"""DEMEANOUR: the demeanour and behaviour of each child present at a domestic abuse incident is
recorded within 24 hours of the incident.

Applies to domestic abuse cases with an Incident of kind domestic_abuse: one result per child on
the case (subject child or child present; the caller's reported number is not used). The
incident is the case's first such incident. Met when a DemeanourRecord for that child on that
case was put on the record (recorded_at) within `hours` of the incident happening (occurred_at);
not yet due before then; not met after it. Evidence: the child's first demeanour record on the
case (late, when not met).

How: the first such incident of each case and the first demeanour record of each (case, child)
are ranked once and joined to the children on the case.
"""

from django.db.models import Case, F, Q, When

from safeguarding.cases.models import DemeanourRecord, Incident
from safeguarding.cases.vocabulary import CaseType, IncidentKind, Stage
from safeguarding.standards.catalogue._sql import (
    NO_OWNER,
    children_on,
    evidence,
    first_per,
    hours,
    hours_between,
    inner_join,
    judged,
    left_join,
    note,
    plus,
)
from safeguarding.standards.catalogue._standard import Standard

# Children present: the children on the case (the inner join to children_on), not a number.
DA_WITH_CHILDREN = {"kind": IncidentKind.DOMESTIC_ABUSE}


def rule(cases, now, t):
    incident = first_per(
        Incident.objects.filter(case__in=cases, **DA_WITH_CHILDREN),
        "case",
        fields=("occurred_at",),
        name="first_da_incident",
    )
    records = first_per(
        DemeanourRecord.objects.filter(case__in=cases),
        "case",
        "child",
        order=("recorded_at", "id"),
        fields=("id", "recorded_at"),
        name="first_demeanour",
    )
    rows = inner_join(children_on(cases), incident, case="case").annotate(
        r_case=F("case"),
        r_child=F("person"),
        x_incident_at=incident.col.occurred_at,
        r_due=plus("x_incident_at", hours(t["hours"])),
    )
    rows = left_join(rows, records, case="case", person="child").annotate(
        x_record=records.col.id, x_recorded_at=records.col.recorded_at
    )
    return [
        rows.annotate(
            r_state=judged(met=Q(x_recorded_at__lte=F("r_due")), now=now),
            **evidence("cases.demeanourrecord", "x_record"),
            r_note=Case(
                When(x_recorded_at__isnull=True, then=note("no demeanour record")),
                default=note(
                    "recorded ", hours_between("x_incident_at", "x_recorded_at"), " h after the incident"
                ),
            ),
            r_owner=NO_OWNER,
        )
    ]


STANDARD = Standard(
    id="DEMEANOUR",
    name="Child's demeanour recorded",
    description="Each child's demeanour and behaviour recorded at a domestic abuse incident.",
    source="000 initial contact; 003 recommendation",
    stage=Stage.INITIAL_CONTACT,
    case_types=frozenset({CaseType.DOMESTIC_ABUSE}),
    thresholds={"hours": 24},
    per_child=True,
    rule=rule,
    done_when_recorded_late=True,
)
