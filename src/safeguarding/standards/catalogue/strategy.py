"""STRATEGY: a strategy discussion is held when significant harm is suspected, within 1 working
day, and its decisions are on record within 2 days of it.

Per case where significant harm is suspected (the case's flag) or a StrategyDiscussion exists,
on every case type but sex offender enquiries and custody. Harm was suspected at the first
discussion's harm_suspected_at or, with none, the case's first report. Met when the first
discussion was held within `working_days` working days of that and its decisions were recorded
within `decision_hours` of the discussion. Not yet due before the holding deadline, or (held in
time) before the decisions deadline; not met otherwise. "2 days" is read as 48 hours.

How: the first discussion of each case (occurred_at, then id) is ranked once and LEFT JOINed
to the cases; the holding deadline comes from a join to the working-day calendar.
"""

from django.db.models import Case, DateTimeField, F, Q, When
from django.db.models.functions import Coalesce

from safeguarding.cases.models import StrategyDiscussion
from safeguarding.cases.vocabulary import CaseType, Stage
from safeguarding.standards.catalogue._sql import (
    NO_CHILD,
    NO_OWNER,
    evidence,
    first_per,
    hours,
    judged,
    left_join,
    note,
    plus,
    with_working_days_after,
)
from safeguarding.standards.catalogue._standard import ALL_CASE_TYPES, Standard


def rule(cases, now, t):
    first = first_per(
        StrategyDiscussion.objects.filter(case__in=cases),
        "case",
        fields=("id", "occurred_at", "harm_suspected_at", "decisions_recorded_at"),
        name="first_discussion",
    )
    decision_window = hours(t["decision_hours"])
    rows = (
        left_join(cases, first, pk="case")
        .annotate(
            r_case=F("pk"),
            r_child=NO_CHILD,
            x_harm=Coalesce(
                first.col.harm_suspected_at, F("first_reported_at"), output_field=DateTimeField()
            ),
            x_discussion=first.col.id,
            x_held=first.col.occurred_at,
            x_decided=first.col.decisions_recorded_at,
        )
        .filter(Q(significant_harm_suspected=True) | Q(x_discussion__isnull=False))
    )
    rows = with_working_days_after(rows, "x_harm", int(t["working_days"]), name="x_hold_by")
    held_in_time = Q(x_held__lte=F("x_hold_by"))
    decided_in_time = Q(x_decided__lte=plus("x_held", decision_window))
    return [
        rows.annotate(
            r_due=Case(When(held_in_time, then=plus("x_held", decision_window)), default=F("x_hold_by")),
        ).annotate(
            r_state=judged(
                met=held_in_time & decided_in_time,
                breach=Q(x_held__gt=F("x_hold_by")) | Q(x_decided__gt=plus("x_held", decision_window)),
                now=now,
            ),
            **evidence("cases.strategydiscussion", "x_discussion"),
            r_note=Case(
                When(x_discussion__isnull=True, then=note("no strategy discussion")),
                When(~held_in_time, then=note("held after the deadline")),
                When(x_decided__isnull=True, then=note("decisions not recorded")),
                When(~decided_in_time, then=note("decisions recorded late")),
                default=note("held and decisions recorded in time"),
            ),
            r_owner=NO_OWNER,
        )
    ]


STANDARD = Standard(
    id="STRATEGY",
    name="Strategy discussion held in time",
    description="Strategy discussion within 1 working day of suspected harm; decisions recorded.",
    source="000 decision making; 002",
    stage=Stage.ASSESSMENT,
    case_types=ALL_CASE_TYPES - {CaseType.SEX_OFFENDER, CaseType.CUSTODY},
    thresholds={"working_days": 1, "decision_hours": 48},
    working_day_thresholds=("working_days",),
    acknowledged_when_late=True,
    rule=rule,
)
