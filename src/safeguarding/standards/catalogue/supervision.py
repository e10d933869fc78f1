"""SUPERVISION: a supervisor reviews each open investigation at least every 28 days.

Per case with an open investigation (the latest-opened). Due `days` after the latest
supervisor_review step (or the opening, with none). Met while the latest review is within that
window; not yet due while a new investigation awaits its first review; not met once it passes.
Owner: the investigation's officer (the case's supervisor sees it through the team worklist).
"""

from django.db.models import Case, CharField, F, Q, When
from django.db.models.functions import Cast, Coalesce

from safeguarding.cases.vocabulary import InvestigationStepKind, Stage
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
    reviews = last_step(InvestigationStepKind.SUPERVISOR_REVIEW)
    rows = (
        current_investigations(cases, open_only=True)
        .annotate(
            r_case=F("case"),
            r_child=NO_CHILD,
            x_review=reviews.values("id")[:1],
            x_review_at=reviews.values("occurred_at")[:1],
        )
        .annotate(x_last=Coalesce(F("x_review_at"), F("occurred_at")))
        .annotate(r_due=plus("x_last", days(t["days"])))
    )
    return [
        rows.annotate(
            r_state=judged(breach=Q(r_due__lte=now), met=Q(x_review__isnull=False), now=now),
            r_evidence_type=Case(
                When(x_review__isnull=True, then=text("cases.investigation")),
                default=text("cases.investigationstep"),
            ),
            r_evidence_id=Cast(Coalesce(F("x_review"), F("id")), CharField()),
            r_note=Case(
                When(x_review__isnull=True, then=note("no supervisor review yet")),
                default=note("last review ", days_between("x_review_at", now), " days ago"),
            ),
            r_owner=F("officer"),
        )
    ]


STANDARD = Standard(
    id="SUPERVISION",
    name="Supervisor's review of the investigation",
    description="A supervisor reviews each open investigation at least every 28 days.",
    source="003 recommendation",
    stage=Stage.INVESTIGATION,
    case_types=ALL_CASE_TYPES,
    thresholds={"days": 28},
    rule=rule,
)
