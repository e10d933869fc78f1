"""REFERRAL_FEEDBACK: what happened to the referral is recorded: the outcome from social care
within 10 working days of the referral.

Per case with a referral to children's social care: the first such referral. Met when its
outcome was received (outcome_received_at) within the deadline after submission (occurred_at);
not yet due before the deadline; not met after it (late or still unknown).

How: the case's social-care referrals are ranked once (occurred_at, then id) and the first of
each case is judged; the deadline comes from a join to the working-day calendar.
"""

from django.db.models import Case, F, Q, When
from django_cte import with_cte

from safeguarding.cases.models import Referral
from safeguarding.cases.vocabulary import ReferralAgency, Stage
from safeguarding.standards.catalogue._sql import (
    NO_CHILD,
    NO_OWNER,
    first_per,
    hours_between,
    judged,
    note,
    same_evidence,
    with_working_days_after,
)
from safeguarding.standards.catalogue._standard import Standard
from safeguarding.standards.catalogue.referral import STANDARD as REFERRAL


def rule(cases, now, t):
    first = first_per(
        Referral.objects.filter(case__in=cases, agency=ReferralAgency.CSC),
        "case",
        fields=("id", "occurred_at", "outcome_received_at"),
        name="first_referral",
    )
    rows = with_cte(first, select=first).annotate(r_case=F("case"), r_child=NO_CHILD)
    rows = with_working_days_after(rows, "occurred_at", int(t["working_days"]), name="r_due")
    return [
        rows.annotate(
            r_state=judged(met=Q(outcome_received_at__lte=F("r_due")), now=now),
            **same_evidence("cases.referral", F("id")),
            r_note=Case(
                When(outcome_received_at__isnull=True, then=note("outcome not known")),
                default=note(
                    "outcome received ", hours_between("occurred_at", "outcome_received_at"), " h after"
                ),
            ),
            r_owner=NO_OWNER,
        )
    ]


STANDARD = Standard(
    id="REFERRAL_FEEDBACK",
    name="What happened to the referral recorded",
    description="The outcome of a referral from children's social care recorded within 10 working days.",
    source="002 (fate of referrals unknown)",
    stage=Stage.ASSESSMENT,
    case_types=REFERRAL.case_types,
    thresholds={"working_days": 10},
    working_day_thresholds=("working_days",),
    acknowledged_when_late=True,
    rule=rule,
)
