"""TIMELY_RECORD: records are entered promptly: within 24 hours of the event.

Per case. Every stage entry (every model in cases.models.ENTRY_MODELS) has occurred_at (the
event) and recorded_at (put on the record). Not met when any entry on the case was recorded more
than `hours` after its event (evidence: the first late entry of the first kind found, in journey
order of the entry kinds); otherwise not yet due during the first `hours` after the first report
(what happened on the first day may still be written up late), and met after that.

For speed over a whole force the late entries of each kind are found by one uncorrelated
`case_id IN (...)` per kind, which PostgreSQL answers with a hashed lookup.
"""

from django.db.models import Case, CharField, F, OuterRef, Q, When
from django.db.models.functions import Cast

from safeguarding.cases.models import ENTRY_MODELS
from safeguarding.cases.vocabulary import Stage
from safeguarding.standards.catalogue._sql import NO_CHILD, NO_OWNER, hours, judged, note, plus, text
from safeguarding.standards.catalogue._standard import ALL_CASE_TYPES, Standard


def rule(cases, now, t):
    window = hours(t["hours"])
    late_by_kind = []
    for model in ENTRY_MODELS:
        entries = model.objects.filter(case__in=cases)
        late_by_kind.append((model, entries.filter(recorded_at__gt=F("occurred_at") + window)))
    any_late = Q()
    for _, late in late_by_kind:
        any_late |= Q(pk__in=late.values("case_id"))
    rows = cases.annotate(r_case=F("pk"), r_child=NO_CHILD, r_due=plus("first_reported_at", window))
    return [
        rows.annotate(
            r_state=judged(breach=any_late, met=Q(r_due__lte=now), now=now),
            r_evidence_type=Case(
                *(
                    When(Q(pk__in=late.values("case_id")), then=text(model._meta.label_lower))
                    for model, late in late_by_kind
                ),
                default=text(""),
                output_field=CharField(),
            ),
            r_evidence_id=Case(
                *(
                    When(
                        Q(pk__in=late.values("case_id")),
                        then=Cast(
                            model.objects.filter(
                                case=OuterRef("pk"), recorded_at__gt=F("occurred_at") + window
                            )
                            .order_by("occurred_at", "id")
                            .values("id")[:1],
                            CharField(),
                        ),
                    )
                    for model, late in late_by_kind
                ),
                default=text(""),
                output_field=CharField(),
            ),
            r_note=Case(
                When(any_late, then=note("an entry recorded over 24 h after the event")),
                default=note("entries recorded within 24 h"),
            ),
            r_owner=NO_OWNER,
        )
    ]


STANDARD = Standard(
    id="TIMELY_RECORD",
    description="Records entered within 24 h of the event.",
    source="000, 003",
    stage=Stage.DECISION_MAKING,
    case_types=ALL_CASE_TYPES,
    thresholds={"hours": 24},
    rule=rule,
)
