"""TIMELY_RECORD: records are entered promptly: within 24 hours of the event.

Per case. Every stage entry (every model in cases.models.ENTRY_MODELS) has occurred_at (the
event) and recorded_at (put on the record). Not met when any entry on the case was recorded more
than `hours` after its event (evidence: the first late entry of the first kind found, in journey
order of the entry kinds); otherwise not yet due during the first `hours` after the first report
(what happened on the first day may still be written up late), and met after that.

How: the late entries of every kind are gathered in one UNION ALL, kept to the cases judged
(one hash join for a whole force; for one case PostgreSQL reads each table by its case index),
the first per case is picked by ROW_NUMBER over (kind in journey order, occurred_at, id), and
that one row per case is LEFT JOINed to the cases: the state, evidence and note all read it.
"""

from django.db.models import Case, CharField, F, IntegerField, Q, Value, When
from django.db.models.functions import Cast, Coalesce

from safeguarding.cases.models import ENTRY_MODELS
from safeguarding.cases.vocabulary import Stage
from safeguarding.standards.catalogue._sql import (
    NO_CHILD,
    NO_OWNER,
    first_per,
    hours,
    judged,
    left_join,
    note,
    plus,
    text,
    union_all,
)
from safeguarding.standards.catalogue._standard import ALL_CASE_TYPES, Standard


def rule(cases, now, t):
    window = hours(t["hours"])
    late = union_all(
        *(
            model._default_manager.filter(recorded_at__gt=F("occurred_at") + window)
            .annotate(
                x_kind=Value(journey_order, output_field=IntegerField()),
                x_label=text(model._meta.label_lower),
            )
            .values("case", "x_kind", "x_label", "occurred_at", "id")
            for journey_order, model in enumerate(ENTRY_MODELS)
        ),
        name="late_entries",
    )
    first_late = first_per(
        late.filter(case__in=cases),
        "case",
        order=("x_kind", "occurred_at", "id"),
        fields=("id", "x_label"),
        name="first_late",
    )
    rows = left_join(cases, first_late, pk="case").annotate(
        r_case=F("pk"),
        r_child=NO_CHILD,
        r_due=plus("first_reported_at", window),
        x_late=first_late.col.id,
        x_label=first_late.col.x_label,
    )
    any_late = Q(x_late__isnull=False)
    return [
        rows.annotate(
            r_state=judged(breach=any_late, met=Q(r_due__lte=now), now=now),
            r_evidence_type=Coalesce(F("x_label"), text("")),
            r_evidence_id=Coalesce(Cast(F("x_late"), CharField()), text("")),
            r_note=Case(
                When(any_late, then=note("an entry recorded over 24 h after the event")),
                default=note("entries recorded within 24 h"),
            ),
            r_owner=NO_OWNER,
        )
    ]


STANDARD = Standard(
    id="TIMELY_RECORD",
    name="Records entered promptly",
    description="Records entered within 24 h of the event.",
    source="000, 003",
    stage=Stage.DECISION_MAKING,
    case_types=ALL_CASE_TYPES,
    thresholds={"hours": 24},
    on_worklist=False,
    rule=rule,
)
