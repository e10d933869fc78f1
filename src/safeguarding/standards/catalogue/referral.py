"""REFERRAL: a concern for a child leads to a referral to children's social care, submitted within
1 working day of the concern.

Per case, on the case types where the concern is about a child's welfare (not sex offender
enquiries, missing episodes, whose information-sharing is RETURN_INTERVIEW, or custody). The
concern arose at the earliest `concern_at` on the case's social-care referrals or, with none, at
the case's first report. Met when the first referral to children's social care was submitted
(occurred_at) by the deadline; not yet due before it; not met after it.

How: the case's social-care referrals are ranked once (first by occurred_at, then id; the
earliest concern over the same window) and LEFT JOINed to the cases; the deadline comes from a
join to the working-day calendar.
"""

from django.db.models import Case, DateTimeField, F, Min, Q, When, Window
from django.db.models.functions import Coalesce

from safeguarding.cases.models import Referral
from safeguarding.cases.vocabulary import CaseType, ReferralAgency, Stage
from safeguarding.standards.catalogue._sql import (
    NO_CHILD,
    NO_OWNER,
    evidence,
    first_per,
    hours_between,
    judged,
    left_join,
    note,
    with_working_days_after,
)
from safeguarding.standards.catalogue._standard import Standard


def rule(cases, now, t):
    referrals = Referral.objects.filter(case__in=cases, agency=ReferralAgency.CSC).annotate(
        x_concern=Window(Min("concern_at"), partition_by=[F("case")])
    )
    first = first_per(referrals, "case", fields=("id", "occurred_at", "x_concern"), name="first_referral")
    rows = left_join(cases, first, pk="case").annotate(
        r_case=F("pk"),
        r_child=NO_CHILD,
        x_concern=Coalesce(first.col.x_concern, F("first_reported_at"), output_field=DateTimeField()),
        x_referral=first.col.id,
        x_submitted_at=first.col.occurred_at,
    )
    rows = with_working_days_after(rows, "x_concern", int(t["working_days"]), name="r_due")
    return [
        rows.annotate(
            r_state=judged(met=Q(x_submitted_at__lte=F("r_due")), now=now),
            **evidence("cases.referral", "x_referral"),
            r_note=Case(
                When(x_referral__isnull=True, then=note("no referral to social care")),
                default=note(
                    "submitted ", hours_between("x_concern", "x_submitted_at"), " h after the concern"
                ),
            ),
            r_owner=NO_OWNER,
        )
    ]


STANDARD = Standard(
    id="REFERRAL",
    name="Referral to children's social care",
    description="A concern for a child referred to children's social care within 1 working day.",
    source="003 (notification forms missing or 4 weeks late)",
    stage=Stage.ASSESSMENT,
    case_types=frozenset(
        {
            CaseType.CP_ENQUIRY,
            CaseType.DOMESTIC_ABUSE,
            CaseType.GENERAL_CONCERN,
            CaseType.POLICE_PROTECTION,
            CaseType.CSE,
            CaseType.ONLINE_ABUSE,
        }
    ),
    thresholds={"working_days": 1},
    working_day_thresholds=("working_days",),
    rule=rule,
    # Late is the only way left to fail once the record is on file: nothing to add.
    done_when_recorded_late=True,
)
