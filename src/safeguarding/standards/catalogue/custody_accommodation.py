"""CUSTODY_ACCOMMODATION: a child charged and refused bail: the local authority is asked for
accommodation early: within 2 hours of it becoming likely, not at the point of charge late at
night.

Per child's latest detention on the case that ended in charge with bail refused. Due `hours`
after accommodation_likely_at or, where that was not recorded, after the charge. Met when the
request (accommodation_requested_at) was made by then; not yet due before; not met after.
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
    rows = latest_detentions(cases, charged_at__isnull=False, bail_refused=True).annotate(
        x_likely=Coalesce(F("accommodation_likely_at"), F("charged_at"), output_field=DateTimeField())
    )
    rows = rows.annotate(r_due=plus("x_likely", hours(t["hours"])))
    return [
        rows.annotate(
            r_state=judged(met=Q(accommodation_requested_at__lte=F("r_due")), now=now),
            **same_evidence("cases.custodydetention", F("id")),
            r_note=Case(
                When(accommodation_requested_at__isnull=True, then=note("no request to the local authority")),
                default=note(
                    "requested ",
                    hours_between("x_likely", "accommodation_requested_at"),
                    " h after it became likely",
                ),
            ),
            r_owner=NO_OWNER,
        )
    ]


STANDARD = Standard(
    id="CUSTODY_ACCOMMODATION",
    name="Local authority asked early for accommodation",
    description="Child charged and refused bail: local authority accommodation asked for within 2 h.",
    source="000 (no request in 4 of 16), 002",
    stage=Stage.DETENTION,
    case_types=ALL_CASE_TYPES,
    thresholds={"hours": 2},
    acknowledged_when_late=True,
    rule=rule,
)
