"""APPROPRIATE_ADULT: an appropriate adult is present promptly: arrival within 2 hours of the
request.

Per child's latest detention on the case. Due `hours` after the request or, where none was
recorded, after the child's arrival (a child in custody always needs one). Met when the adult
arrived by then; not yet due before; not met after.
"""

from django.db.models import Case, DateTimeField, F, Q, When
from django.db.models.functions import Coalesce

from safeguarding.cases.vocabulary import Stage
from safeguarding.standards.catalogue._sql import (
    NO_OWNER,
    hours,
    hours_between,
    judged,
    latest_detentions,
    note,
    plus,
    same_evidence,
)
from safeguarding.standards.catalogue._standard import ALL_CASE_TYPES, Standard


def rule(cases, now, t):
    rows = latest_detentions(cases).annotate(
        x_from=Coalesce(F("appropriate_adult_requested_at"), F("occurred_at"), output_field=DateTimeField())
    )
    rows = rows.annotate(r_due=plus("x_from", hours(t["hours"])))
    return [
        rows.annotate(
            r_state=judged(met=Q(appropriate_adult_arrived_at__lte=F("r_due")), now=now),
            **same_evidence("cases.custodydetention", F("id")),
            r_note=Case(
                When(
                    appropriate_adult_requested_at__isnull=True, then=note("no appropriate adult requested")
                ),
                When(appropriate_adult_arrived_at__isnull=True, then=note("appropriate adult not arrived")),
                default=note(
                    "arrived ",
                    hours_between("x_from", "appropriate_adult_arrived_at"),
                    " h after the request",
                ),
            ),
            r_owner=NO_OWNER,
        )
    ]


STANDARD = Standard(
    id="APPROPRIATE_ADULT",
    name="Appropriate adult present promptly",
    description="An appropriate adult present within 2 h of the request.",
    source="002",
    stage=Stage.DETENTION,
    case_types=ALL_CASE_TYPES,
    thresholds={"hours": 2},
    acknowledged_when_late=True,
    rule=rule,
)
