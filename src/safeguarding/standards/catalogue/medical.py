"""MEDICAL: where physical or sexual abuse is alleged, a medical examination is arranged within
24 hours, and injuries from physical abuse are photographed the same day.

Per case alleging physical or sexual abuse: an incident of kind physical_abuse or sexual_offence,
or an investigation of category physical or sexual; the allegation is the earliest such incident
(or, with none, investigation). Met when a medical_examination step on the case happened within
`hours` of it and, where physical abuse is alleged, a photographs step happened on the same local
day. Not met when the examination came late, or the photographs missed the day (known once the
day has ended), or nothing happened by the deadline; not yet due before the deadline.
"""

from django.db.models import Case, DateField, DateTimeField, Exists, F, OuterRef, Q, When
from django.db.models.functions import Coalesce, TruncDate

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
    hours,
    judged,
    moment,
    note,
    plus,
)
from safeguarding.standards.catalogue._standard import Standard

ALLEGING_INCIDENTS = [IncidentKind.PHYSICAL_ABUSE, IncidentKind.SEXUAL_OFFENCE]
ALLEGING_INVESTIGATIONS = [OffenceCategory.PHYSICAL, OffenceCategory.SEXUAL]


def rule(cases, now, t):
    incidents = Incident.objects.filter(case=OuterRef("pk"), kind__in=ALLEGING_INCIDENTS).order_by(
        "occurred_at", "id"
    )
    investigations = Investigation.objects.filter(
        case=OuterRef("pk"), offence_category__in=ALLEGING_INVESTIGATIONS
    ).order_by("occurred_at", "id")
    physical = Exists(
        Incident.objects.filter(case=OuterRef("pk"), kind=IncidentKind.PHYSICAL_ABUSE)
    ) | Exists(Investigation.objects.filter(case=OuterRef("pk"), offence_category=OffenceCategory.PHYSICAL))
    steps = InvestigationStep.objects.filter(case=OuterRef("pk")).order_by("occurred_at", "id")
    examination = steps.filter(kind=InvestigationStepKind.MEDICAL_EXAMINATION)
    photographs = steps.filter(kind=InvestigationStepKind.PHOTOGRAPHS)
    rows = (
        cases.filter(Exists(incidents) | Exists(investigations))
        .annotate(
            r_case=F("pk"),
            r_child=NO_CHILD,
            x_alleged=Coalesce(
                incidents.values("occurred_at")[:1],
                investigations.values("occurred_at")[:1],
                output_field=DateTimeField(),
            ),
            x_physical=physical,
            x_exam=examination.values("id")[:1],
            x_exam_at=examination.values("occurred_at")[:1],
            x_photo_at=photographs.values("occurred_at")[:1],
        )
        .annotate(
            r_due=plus("x_alleged", hours(t["hours"])),
            x_alleged_day=TruncDate("x_alleged", output_field=DateField()),
            x_photo_day=TruncDate("x_photo_at", output_field=DateField()),
        )
    )
    today = TruncDate(moment(now), output_field=DateField())
    photographed = Q(x_photo_day=F("x_alleged_day"))
    missed_photographs = (
        Q(x_physical=True) & ~photographed & (Q(x_photo_at__isnull=False) | Q(x_alleged_day__lt=today))
    )
    examined = Q(x_exam_at__lte=F("r_due"))
    return [
        rows.annotate(
            r_state=judged(
                breach=missed_photographs, met=examined & (Q(x_physical=False) | photographed), now=now
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
)
