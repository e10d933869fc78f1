"""WIDER_RISK: in sexual abuse, CSE and online cases, the suspect's risk to other children is
considered, and that consideration recorded before closure or no further action.

Per case of type CSE or online abuse, or with an investigation of category sexual, exploitation
or online. Met when a CaseNote of kind wider_risk is on record no later than the first CPS "no
further action" decision on the case or, with none, the case's closure. Not met when that moment
has passed without one; not yet due before it (due_at: that moment, or while neither has happened
the first report + expected_days, the date the worklist expects it by).

How: the first investigation of sexual harm, the first wider-risk note (by recorded_at, then
id) and the first CPS no-further-action decision of each case are ranked once and LEFT JOINed
to the cases.
"""

from django.db.models import Case, CharField, DateTimeField, F, Q, When
from django.db.models.functions import Coalesce

from safeguarding.cases.models import CaseNote, Investigation, InvestigationStep
from safeguarding.cases.vocabulary import (
    CaseNoteKind,
    CaseType,
    ChargingDecision,
    InvestigationStepKind,
    OffenceCategory,
    Stage,
)
from safeguarding.standards.catalogue._sql import (
    NO_CHILD,
    NO_OWNER,
    days,
    evidence,
    first_per,
    left_join,
    note,
    plus,
    text,
)
from safeguarding.standards.catalogue._standard import ALL_CASE_TYPES, Standard
from safeguarding.standards.models import State

SEXUAL_HARM = [OffenceCategory.SEXUAL, OffenceCategory.EXPLOITATION, OffenceCategory.ONLINE]


def rule(cases, now, t):
    considered = first_per(
        CaseNote.objects.filter(case__in=cases, kind=CaseNoteKind.WIDER_RISK),
        "case",
        order=("recorded_at", "id"),
        fields=("id", "recorded_at"),
        name="first_wider_risk_note",
    )
    nfa = first_per(
        InvestigationStep.objects.filter(
            case__in=cases,
            kind=InvestigationStepKind.CPS_DECISION,
            charging_decision=ChargingDecision.NO_FURTHER_ACTION,
        ),
        "case",
        fields=("occurred_at",),
        name="first_nfa",
    )
    # Is there an investigation of sexual harm on the case: the first one stands for any.
    sexual_harm = first_per(
        Investigation.objects.filter(case__in=cases, offence_category__in=SEXUAL_HARM),
        "case",
        fields=("id",),
        name="first_sexual_harm_investigation",
    )
    rows = left_join(
        left_join(left_join(cases, sexual_harm, pk="case"), considered, pk="case"), nfa, pk="case"
    )
    rows = rows.annotate(
        r_case=F("pk"),
        r_child=NO_CHILD,
        x_sexual_harm=sexual_harm.col.id,
        x_note=considered.col.id,
        x_noted_at=considered.col.recorded_at,
        x_end=Coalesce(nfa.col.occurred_at, F("closed_at"), output_field=DateTimeField()),
    ).filter(Q(case_type__in=[CaseType.CSE, CaseType.ONLINE_ABUSE]) | Q(x_sexual_harm__isnull=False))
    ended = Q(x_end__isnull=False)
    on_time = Q(x_note__isnull=False) & (~ended | Q(x_noted_at__lte=F("x_end")))
    return [
        rows.annotate(
            r_due=Coalesce(
                F("x_end"), plus("first_reported_at", days(t["expected_days"])), output_field=DateTimeField()
            ),
            r_state=Case(
                When(on_time, then=text(State.MET)),
                When(ended | Q(x_end__lte=now), then=text(State.NOT_MET)),
                default=text(State.NOT_YET_DUE),
                output_field=CharField(),
            ),
            **evidence("cases.casenote", "x_note"),
            r_note=Case(
                When(on_time, then=note("wider risk considered")),
                When(x_note__isnull=False, then=note("considered after closure or no further action")),
                default=note("no record of wider risk considered"),
            ),
            r_owner=NO_OWNER,
        )
    ]


STANDARD = Standard(
    id="WIDER_RISK",
    description="The suspect's risk to other children considered before closure or no further action.",
    source="002, 003",
    stage=Stage.MANAGING_RISK,
    case_types=ALL_CASE_TYPES - {CaseType.CUSTODY, CaseType.MISSING},
    thresholds={"expected_days": 28},
    rule=rule,
)
