"""STRATEGY: a strategy discussion is held when significant harm is suspected, within 1 working
day, and its decisions are on record within 2 days of it.

Per case where significant harm is suspected (the case's flag) or a StrategyDiscussion exists,
on every case type but sex offender enquiries and custody. Harm was suspected at the first
discussion's harm_suspected_at or, with none, the case's first report. Met when the first
discussion was held within `working_days` working days of that and its decisions were recorded
within `decision_hours` of the discussion. Not yet due before the holding deadline, or (held in
time) before the decisions deadline; not met otherwise. "2 days" is read as 48 hours.
"""

from django.db.models import Case, DateTimeField, Exists, F, OuterRef, Q, When
from django.db.models.functions import Coalesce

from safeguarding.cases.models import StrategyDiscussion
from safeguarding.cases.vocabulary import CaseType, Stage
from safeguarding.standards.catalogue._sql import (
    NO_CHILD,
    NO_OWNER,
    evidence,
    hours,
    judged,
    note,
    plus,
    working_days_after,
)
from safeguarding.standards.catalogue._standard import ALL_CASE_TYPES, Standard


def rule(cases, now, t):
    discussions = StrategyDiscussion.objects.filter(case=OuterRef("pk")).order_by("occurred_at", "id")
    decision_window = hours(t["decision_hours"])
    rows = (
        cases.filter(
            Q(significant_harm_suspected=True)
            | Exists(StrategyDiscussion.objects.filter(case=OuterRef("pk")))
        )
        .annotate(
            r_case=F("pk"),
            r_child=NO_CHILD,
            x_harm=Coalesce(
                discussions.values("harm_suspected_at")[:1],
                F("first_reported_at"),
                output_field=DateTimeField(),
            ),
            x_discussion=discussions.values("id")[:1],
            x_held=discussions.values("occurred_at")[:1],
            x_decided=discussions.values("decisions_recorded_at")[:1],
        )
        .annotate(**working_days_after("x_harm", int(t["working_days"]), name="x_hold_by"))
    )
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
    description="Strategy discussion within 1 working day of suspected harm; decisions recorded.",
    source="000 decision making; 002",
    stage=Stage.ASSESSMENT,
    case_types=ALL_CASE_TYPES - {CaseType.SEX_OFFENDER, CaseType.CUSTODY},
    thresholds={"working_days": 1, "decision_hours": 48},
    working_day_thresholds=("working_days",),
    rule=rule,
)
