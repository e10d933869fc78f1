"""MEDICAL: where physical or sexual abuse is alleged, a medical examination is arranged within
24 hours, and injuries from physical abuse are photographed the same day.

Per case alleging physical or sexual abuse: an incident of kind physical_abuse or sexual_offence,
or an investigation of category physical or sexual; the allegation is the earliest such incident
(or, with none, investigation). Met when a medical_examination step on the case happened within
`hours` of it and, where physical abuse is alleged, a photographs step happened on the same local
day. Not met when the examination came late, or the photographs missed the day (known once the
day has ended), or nothing happened by the deadline; not yet due before the deadline.

How: the first alleging incident and the first alleging investigation of each case (each also
telling whether physical abuse is alleged on the case) are ranked once and LEFT JOINed to the
cases; for the few cases alleging abuse the first examination and photographs are looked up
per case, in a fact table (`facts`) that the state, evidence and note read.
"""

from django.db.models import Case, DateField, DateTimeField, F, Max, OuterRef, Q, When, Window
from django.db.models.functions import Coalesce, Greatest, TruncDate

from safeguarding.cases.models import Incident, Investigation, InvestigationStep
from safeguarding.cases.vocabulary import (
    CaseType,
    IncidentKind,
    InvestigationStepKind,
    OffenceCategory,
    Stage,
)
from safeguarding.standards.catalogue._sql import (
    NO_CHILD,
    NO_OWNER,
    evidence,
    facts,
    first_per,
    hours,
    judged,
    left_join,
    moment,
    note,
    plus,
)
from safeguarding.standards.catalogue._standard import Standard

ALLEGING_INCIDENTS = [IncidentKind.PHYSICAL_ABUSE, IncidentKind.SEXUAL_OFFENCE]
ALLEGING_INVESTIGATIONS = [OffenceCategory.PHYSICAL, OffenceCategory.SEXUAL]


def rule(cases, now, t):
    # Is physical abuse alleged anywhere on the case: worked out over the same windows as the
    # first allegation (1 where the record alleges it).
    physical = {
        "incident": Case(When(kind=IncidentKind.PHYSICAL_ABUSE, then=1), default=0),
        "investigation": Case(When(offence_category=OffenceCategory.PHYSICAL, then=1), default=0),
    }
    incident = first_per(
        Incident.objects.filter(case__in=cases, kind__in=ALLEGING_INCIDENTS).annotate(
            x_physical=Window(Max(physical["incident"]), partition_by=[F("case")])
        ),
        "case",
        fields=("occurred_at", "x_physical"),
        name="first_alleging_incident",
    )
    investigation = first_per(
        Investigation.objects.filter(case__in=cases, offence_category__in=ALLEGING_INVESTIGATIONS).annotate(
            x_physical=Window(Max(physical["investigation"]), partition_by=[F("case")])
        ),
        "case",
        fields=("occurred_at", "x_physical"),
        name="first_alleging_investigation",
    )
    rows = (
        left_join(left_join(cases, incident, pk="case"), investigation, pk="case")
        .annotate(x_incident_at=incident.col.occurred_at, x_investigation_at=investigation.col.occurred_at)
        .filter(Q(x_incident_at__isnull=False) | Q(x_investigation_at__isnull=False))
    )
    # Few cases allege abuse: their steps are looked up per case (in a fact table, read once).
    steps = InvestigationStep.objects.filter(case=OuterRef("pk")).order_by("occurred_at", "id")
    examination = steps.filter(kind=InvestigationStepKind.MEDICAL_EXAMINATION)
    photographs = steps.filter(kind=InvestigationStepKind.PHOTOGRAPHS)
    rows = rows.annotate(
        r_case=F("pk"),
        r_child=NO_CHILD,
        x_alleged=Coalesce("x_incident_at", "x_investigation_at", output_field=DateTimeField()),
        x_physical=Greatest(Coalesce(incident.col.x_physical, 0), Coalesce(investigation.col.x_physical, 0)),
        x_exam=examination.values("id")[:1],
        x_exam_at=examination.values("occurred_at")[:1],
        x_photo_at=photographs.values("occurred_at")[:1],
    )
    rows = facts(rows, "r_case", "r_child", "x_alleged", "x_physical", "x_exam", "x_exam_at", "x_photo_at")
    rows = rows.annotate(
        r_due=plus("x_alleged", hours(t["hours"])),
        x_alleged_day=TruncDate("x_alleged", output_field=DateField()),
        x_photo_day=TruncDate("x_photo_at", output_field=DateField()),
    )
    today = TruncDate(moment(now), output_field=DateField())
    photographed = Q(x_photo_day=F("x_alleged_day"))
    missed_photographs = (
        Q(x_physical=1) & ~photographed & (Q(x_photo_at__isnull=False) | Q(x_alleged_day__lt=today))
    )
    examined = Q(x_exam_at__lte=F("r_due"))
    return [
        rows.annotate(
            r_state=judged(
                breach=missed_photographs, met=examined & (Q(x_physical=0) | photographed), now=now
            ),
            **evidence("cases.investigationstep", "x_exam"),
            r_note=Case(
                When(missed_photographs, then=note("injuries not photographed the same day")),
                When(x_exam__isnull=True, then=note("no medical examination")),
                When(examined, then=note("examined within 24 h")),
                default=note("examined late"),
            ),
            r_owner=NO_OWNER,
        )
    ]


STANDARD = Standard(
    id="MEDICAL",
    name="Medical examination and photographs in time",
    description="Medical examination within 24 h of alleged abuse; injuries photographed the same day.",
    source="002 (bite mark photographed 3 days later), 004",
    stage=Stage.INVESTIGATION,
    case_types=frozenset(
        {
            CaseType.CP_ENQUIRY,
            CaseType.DOMESTIC_ABUSE,
            CaseType.GENERAL_CONCERN,
            CaseType.POLICE_PROTECTION,
            CaseType.CSE,
            CaseType.ONLINE_ABUSE,
        }
    ),
    thresholds={"hours": 24},
    rule=rule,
    # Late is the only way left to fail once the record is on file: nothing to add.
    done_when_recorded_late=True,
)
