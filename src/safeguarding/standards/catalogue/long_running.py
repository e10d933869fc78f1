"""LONG_RUNNING: investigations open over 3 months from the first report are reviewed (child
safeguarded, suspect's risk managed) at 3 months and every month after.

Per case with an open investigation (the latest-opened). "3 months" is `first_days` (91) after
the case's first report and "every month" `every_days` (30): SQL adds days, not months, the
same on every database. The next review is due at the later of the 3-month point and the latest
long_running_review step + every_days. Met while that is ahead and a review is on record; not
yet due while it is ahead and none is needed yet; not met once it passes.
"""

from django.db.models import Case, CharField, F, Q, When
from django.db.models.functions import Cast, Coalesce, Greatest

from safeguarding.cases.vocabulary import InvestigationStepKind, Stage
from safeguarding.standards.catalogue._sql import (
    NO_CHILD,
    current_investigations,
    days,
    judged,
    last_step,
    note,
    plus,
    text,
)
from safeguarding.standards.catalogue._standard import ALL_CASE_TYPES, Standard


def rule(cases, now, t):
    reviews = last_step(InvestigationStepKind.LONG_RUNNING_REVIEW)
    rows = (
        current_investigations(cases, open_only=True)
        .annotate(
            r_case=F("case"),
            r_child=NO_CHILD,
            x_review=reviews.values("id")[:1],
            x_review_at=reviews.values("occurred_at")[:1],
            x_first_due=plus("case__first_reported_at", days(t["first_days"])),
        )
        .annotate(
            r_due=Greatest(
                Coalesce(plus("x_review_at", days(t["every_days"])), F("x_first_due")), F("x_first_due")
            )
        )
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
                When(x_review__isnull=True, r_due__lte=now, then=note("open over 3 months, never reviewed")),
                When(x_review__isnull=True, then=note("review due at 3 months")),
                When(r_due__lte=now, then=note("monthly review overdue")),
                default=note("reviewed"),
            ),
            r_owner=F("officer"),
        )
    ]


STANDARD = Standard(
    id="LONG_RUNNING",
    name="Long-running investigation reviewed",
    description="Investigations open over 3 months reviewed at 3 months and monthly after.",
    source="000 recommendation",
    stage=Stage.INVESTIGATION,
    case_types=ALL_CASE_TYPES,
    thresholds={"first_days": 91, "every_days": 30},
    rule=rule,
)
