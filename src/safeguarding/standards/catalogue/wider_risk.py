"""WIDER_RISK: in sexual abuse, CSE and online cases, the suspect's risk to other children is
considered, and that consideration recorded before closure or no further action.

Per case of type CSE or online abuse, or with an investigation of category sexual, exploitation
or online. Met when a CaseNote of kind wider_risk is on record no later than the first CPS "no
further action" decision on the case or, with none, the case's closure. Not met when that moment
has passed without one; not yet due before it (due_at: that moment, or while neither has happened
the first report + expected_days, the date the worklist expects it by).

How: the first investigation of sexual harm of each case is ranked once and LEFT JOINed to
the cases to find those in scope; for those few the first wider-risk note (by recorded_at, then
id) and the first CPS no-further-action decision are looked up per case, in a fact table
(`facts`) that the due date, state, evidence and note read.
"""

from django.db.models import Case, CharField, DateTimeField, F, OuterRef, Q, When
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
    facts,
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
    # Is there an investigation of sexual harm on the case: the first one stands for any.
    sexual_harm = first_per(
        Investigation.objects.filter(case__in=cases, offence_category__in=SEXUAL_HARM),
        "case",
        fields=("id",),
        name="first_sexual_harm_investigation",
    )
    in_scope = (
        left_join(cases, sexual_harm, pk="case")
        .annotate(x_sexual_harm=sexual_harm.col.id)
        .filter(Q(case_type__in=[CaseType.CSE, CaseType.ONLINE_ABUSE]) | Q(x_sexual_harm__isnull=False))
    )
    # Few cases are in scope: their note and NFA are looked up per case (in a fact table).
    notes = CaseNote.objects.filter(case=OuterRef("pk"), kind=CaseNoteKind.WIDER_RISK).order_by(
        "recorded_at", "id"
    )
    nfa = InvestigationStep.objects.filter(
        case=OuterRef("pk"),
        kind=InvestigationStepKind.CPS_DECISION,
        charging_decision=ChargingDecision.NO_FURTHER_ACTION,
    ).order_by("occurred_at", "id")
    rows = in_scope.annotate(
        r_case=F("pk"),
        r_child=NO_CHILD,
        x_note=notes.values("id")[:1],
        x_noted_at=notes.values("recorded_at")[:1],
        x_end=Coalesce(nfa.values("occurred_at")[:1], F("closed_at"), output_field=DateTimeField()),
        x_expected=plus("first_reported_at", days(t["expected_days"])),
    )
    rows = facts(rows, "r_case", "r_child", "x_note", "x_noted_at", "x_end", "x_expected")
    ended = Q(x_end__isnull=False)
    on_time = Q(x_note__isnull=False) & (~ended | Q(x_noted_at__lte=F("x_end")))
    return [
        rows.annotate(
            r_due=Coalesce(F("x_end"), F("x_expected"), output_field=DateTimeField()),
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
    name="Risk to other children considered",
    description="The suspect's risk to other children considered before closure or no further action.",
    source="002, 003",
    stage=Stage.MANAGING_RISK,
    case_types=ALL_CASE_TYPES - {CaseType.CUSTODY, CaseType.MISSING},
    thresholds={"expected_days": 28},
    rule=rule,
)
