"""CUMULATIVE_RISK: repeated incidents at a household are joined up: 3 or more domestic abuse
incidents with children present at the address in 12 months lead to a review.

Per domestic abuse case whose latest DA incident with children present, at a known address, is
the `count`-th or more such incident at that address (on any case) in the `days` up to it. The
review is a supervisor's review of a risk assessment on the case (supervisor_reviewed_at at or
after the incident) or a MARAC meeting on the case at or after it. Met when either is on record
within `review_days` of the incident (DOMAIN.md gives no figure: a force setting); not yet due
before; not met after. First contact shows the count from the same incidents.

How: the count at the address is looked up once per latest incident, and the review once per
incident over the threshold, each in a fact table (`facts`) that the filter, state and note read.
"""

import datetime as dt
from typing import Any

from django.db.models import Case, Count, DateTimeField, F, OuterRef, Q, When
from django.db.models.functions import Coalesce, Least

from safeguarding.cases.models import Incident, Meeting, RiskAssessment
from safeguarding.cases.vocabulary import CaseType, IncidentKind, MeetingKind, Stage
from safeguarding.standards.catalogue._sql import (
    NO_CHILD,
    NO_OWNER,
    days,
    facts,
    judged,
    latest_per_case,
    note,
    plus,
    same_evidence,
    with_children_present,
)
from safeguarding.standards.catalogue._standard import Standard

DA_AT_ADDRESS: dict[str, Any] = {"kind": IncidentKind.DOMESTIC_ABUSE, "address__isnull": False}


def rule(cases, now, t):
    window = dt.timedelta(days=t["days"])
    at_address = (
        Incident.objects.filter(
            address=OuterRef("address"),
            kind=IncidentKind.DOMESTIC_ABUSE,
            occurred_at__gt=OuterRef("occurred_at") - window,
            occurred_at__lte=OuterRef("occurred_at"),
        )
        .filter(with_children_present())
        .values("address")
        .annotate(n=Count("id"))
        .values("n")
    )
    reviewed = (
        RiskAssessment.objects.filter(
            case=OuterRef("case"), supervisor_reviewed_at__gte=OuterRef("occurred_at")
        )
        .order_by("supervisor_reviewed_at")
        .values("supervisor_reviewed_at")[:1]
    )
    marac = (
        Meeting.objects.filter(
            case=OuterRef("case"), kind=MeetingKind.MARAC, occurred_at__gte=OuterRef("occurred_at")
        )
        .order_by("occurred_at")
        .values("occurred_at")[:1]
    )
    latest = (
        Incident.objects.filter(case__in=cases, **DA_AT_ADDRESS)
        .filter(with_children_present())
        .filter(latest_per_case(Incident, **DA_AT_ADDRESS))
        .annotate(x_count=at_address)
    )
    # facts(): the count is read by the filter and the note; the review by the state and note.
    latest = facts(latest, "id", "case", "address", "occurred_at", "x_count", label="latest_incident")
    never = plus("occurred_at", days(36500))
    rows = latest.filter(x_count__gte=int(t["count"])).annotate(
        r_case=F("case"),
        r_child=NO_CHILD,
        r_due=plus("occurred_at", days(t["review_days"])),
        x_review_at=Least(
            Coalesce(reviewed, never, output_field=DateTimeField()),
            Coalesce(marac, never, output_field=DateTimeField()),
        ),
    )
    rows = facts(rows, "id", "r_case", "r_child", "r_due", "x_count", "x_review_at", label="cumulative_facts")
    return [
        rows.annotate(
            r_state=judged(met=Q(x_review_at__lte=F("r_due")), now=now),
            **same_evidence("cases.incident", F("id")),
            r_note=Case(
                When(
                    x_review_at__lte=F("r_due"), then=note(F("x_count"), " incidents in 12 months: reviewed")
                ),
                default=note(F("x_count"), " incidents in 12 months: no review"),
            ),
            r_owner=NO_OWNER,
        )
    ]


STANDARD = Standard(
    id="CUMULATIVE_RISK",
    name="Repeated incidents at a household joined up",
    description="3+ domestic abuse incidents with children at an address in 12 months reviewed.",
    source="002 (35 incidents before agencies met)",
    stage=Stage.ASSESSMENT,
    case_types=frozenset({CaseType.DOMESTIC_ABUSE}),
    thresholds={"count": 3, "days": 365, "review_days": 7},
    rule=rule,
)
