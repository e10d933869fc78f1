"""DRIFT: an open investigation is updated regularly: no entry for 28 days is drift.

Per case with an open investigation (the case's latest-opened one; closed investigations are not
judged, the standard being about current drift). Any InvestigationStep counts as an entry. Due
`days` after the latest step (or the opening, with none). Met while the latest step is within
that window; not yet due while a new investigation with no step yet is; not met once it passes
(evidence: the latest step, or the investigation). Owner: the investigation's officer.
"""

from django.db.models import Case, CharField, F, Q, When
from django.db.models.functions import Cast, Coalesce

from safeguarding.cases.vocabulary import Stage
from safeguarding.standards.catalogue._sql import (
    NO_CHILD,
    current_investigations,
    days,
    days_between,
    judged,
    last_step,
    note,
    plus,
    text,
)
from safeguarding.standards.catalogue._standard import ALL_CASE_TYPES, Standard


def rule(cases, now, t):
    steps = last_step()
    rows = current_investigations(cases, open_only=True).annotate(
        r_case=F("case"),
        r_child=NO_CHILD,
        x_step=steps.values("id")[:1],
        x_step_at=steps.values("occurred_at")[:1],
    )
    rows = rows.annotate(
        x_last=Coalesce(F("x_step_at"), F("occurred_at")),
    ).annotate(r_due=plus("x_last", days(t["days"])))
    return [
        rows.annotate(
            r_state=judged(breach=Q(r_due__lte=now), met=Q(x_step__isnull=False), now=now),
            r_evidence_type=Case(
                When(x_step__isnull=True, then=text("cases.investigation")),
                default=text("cases.investigationstep"),
            ),
            r_evidence_id=Cast(Coalesce(F("x_step"), F("id")), CharField()),
            r_note=note("last entry ", days_between("x_last", now), " days ago"),
            r_owner=F("officer"),
        )
    ]


STANDARD = Standard(
    id="DRIFT",
    name="Investigation kept moving",
    description="An open investigation updated at least every 28 days.",
    source="000 (no update for 2 months)",
    stage=Stage.INVESTIGATION,
    case_types=ALL_CASE_TYPES,
    thresholds={"days": 28},
    rule=rule,
)
