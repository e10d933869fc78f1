"""PACE_REVIEWS: a child's detention is reviewed on time: the first review within 6 hours of the
detention being authorised, then every 9 hours (PACE s40).

Per child's latest detention on the case with detention_authorised_at. Judged over its
DetentionReviews up to release (or now while still held):
- no review by authorisation + `first_hours` although the detention lasted beyond it: breach;
- a review after that point with no review in the `every_hours` before it: breach (a gap);
- release (or now) more than `every_hours` after the latest review: breach.
Met when released with none of these; not yet due while held with the next review ahead
(due_at: the next review time); not met otherwise.
"""

import datetime as dt

from django.db.models import Case, DateTimeField, Exists, F, Max, OuterRef, Q, When
from django.db.models.functions import Coalesce

from safeguarding.cases.models import DetentionReview
from safeguarding.cases.vocabulary import Stage
from safeguarding.standards.catalogue._sql import (
    NO_OWNER,
    hours,
    judged,
    latest_detentions,
    moment,
    note,
    plus,
    same_evidence,
)
from safeguarding.standards.catalogue._standard import ALL_CASE_TYPES, Standard


def rule(cases, now, t):
    first, every = hours(t["first_hours"]), hours(t["every_hours"])
    every_delta = dt.timedelta(hours=t["every_hours"])
    reviews = DetentionReview.objects.filter(detention=OuterRef("pk"))
    previous = DetentionReview.objects.filter(
        detention=OuterRef("detention"),
        occurred_at__gte=OuterRef("occurred_at") - every_delta,
        occurred_at__lt=OuterRef("occurred_at"),
    )
    gap = reviews.filter(occurred_at__gt=F("detention__detention_authorised_at") + first).exclude(
        Exists(previous)
    )
    rows = latest_detentions(cases, detention_authorised_at__isnull=False).annotate(
        x_first_due=plus("detention_authorised_at", first),
        x_end=Coalesce(F("released_at"), moment(now)),
        x_last=reviews.values("detention").annotate(m=Max("occurred_at")).values("m"),
    )
    no_first = ~Exists(reviews.filter(occurred_at__lte=OuterRef("x_first_due"))) & Q(
        x_end__gt=F("x_first_due")
    )
    overdue = Q(x_last__isnull=False, x_end__gt=F("x_last") + every)
    return [
        rows.annotate(
            r_due=Coalesce(plus("x_last", every), F("x_first_due"), output_field=DateTimeField()),
        ).annotate(
            r_state=judged(
                breach=no_first | Exists(gap) | overdue, met=Q(released_at__isnull=False), now=now
            ),
            **same_evidence("cases.custodydetention", F("id")),
            r_note=Case(
                When(no_first, then=note("first review late or missing")),
                When(Exists(gap), then=note("more than 9 h between reviews")),
                When(overdue, then=note("review overdue")),
                default=note("reviews on time"),
            ),
            r_owner=NO_OWNER,
        )
    ]


STANDARD = Standard(
    id="PACE_REVIEWS",
    name="Detention reviewed on time",
    description="A child's detention reviewed within 6 h of authorisation, then every 9 h.",
    source="PACE s40",
    stage=Stage.DETENTION,
    case_types=ALL_CASE_TYPES,
    thresholds={"first_hours": 6, "every_hours": 9},
    per_child=True,
    acknowledged_when_late=True,
    rule=rule,
)
