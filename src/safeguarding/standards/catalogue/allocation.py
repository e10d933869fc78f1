"""ALLOCATION: a referral is allocated to a team with the right skills within 2 working days; a
sexual offence allocated to a non-specialist team is a breach.

Per case with an investigation (the latest-opened; occurred_at = when it came in). Due
`working_days` working days after it came in. Not met when a sexual offence went to a team that
is not specialist (child abuse, sexual offences, CSE or online teams), or allocation came late
or not at all by the deadline; met when allocated (allocated_at and a team) by then; not yet due
before it.
"""

from django.db.models import Case, F, Q, When

from safeguarding.cases.vocabulary import OffenceCategory, Stage
from safeguarding.force.models import SPECIALIST_KINDS
from safeguarding.standards.catalogue._sql import (
    NO_CHILD,
    current_investigations,
    hours_between,
    judged,
    note,
    same_evidence,
    with_working_days_after,
)
from safeguarding.standards.catalogue._standard import ALL_CASE_TYPES, Standard


def rule(cases, now, t):
    wrong_team = Q(offence_category=OffenceCategory.SEXUAL, team__isnull=False) & ~Q(
        team__kind__in=SPECIALIST_KINDS
    )
    allocated = Q(allocated_at__lte=F("r_due"), team__isnull=False)
    rows = current_investigations(cases).annotate(r_case=F("case"), r_child=NO_CHILD)
    rows = with_working_days_after(rows, "occurred_at", int(t["working_days"]), name="r_due")
    return [
        rows.annotate(
            r_state=judged(breach=wrong_team, met=allocated, now=now),
            **same_evidence("cases.investigation", F("id")),
            r_note=Case(
                When(wrong_team, then=note("sexual offence allocated to a non-specialist team")),
                When(allocated_at__isnull=True, then=note("not allocated")),
                default=note("allocated ", hours_between("occurred_at", "allocated_at"), " h after referral"),
            ),
            r_owner=F("officer"),
        )
    ]


STANDARD = Standard(
    id="ALLOCATION",
    name="Allocated to a team with the right skills",
    description="Allocated within 2 working days to a team with the right skills.",
    source="003 (sexual offences with non-specialists), 002 (10 days to allocate)",
    stage=Stage.INVESTIGATION,
    case_types=ALL_CASE_TYPES,
    thresholds={"working_days": 2},
    working_day_thresholds=("working_days",),
    rule=rule,
)
