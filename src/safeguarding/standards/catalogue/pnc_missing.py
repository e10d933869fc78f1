"""PNC_MISSING: a missing child is entered on the national computer within 48 hours of the report.

Per child with missing episodes on the case; every episode of the child on the case needs
pnc_entered_at no later than `hours` after the report (occurred_at). Not met when any entry is
late, or missing after its deadline (evidence: the first such episode); not yet due while the
latest episode's deadline is ahead without an entry; met otherwise (evidence: latest episode).
"""

from django.db.models import Case, CharField, F, OuterRef, Q, When
from django.db.models.functions import Cast, Coalesce

from safeguarding.cases.models import MissingEpisode
from safeguarding.cases.vocabulary import CaseType, Stage
from safeguarding.standards.catalogue._sql import (
    NO_OWNER,
    hours,
    hours_between,
    judged,
    latest_per_case,
    moment,
    note,
    plus,
    text,
)
from safeguarding.standards.catalogue._standard import Standard


def rule(cases, now, t):
    window = hours(t["hours"])
    overdue = MissingEpisode.objects.filter(case=OuterRef("case"), child=OuterRef("child")).filter(
        Q(pnc_entered_at__gt=F("occurred_at") + window)
        | Q(pnc_entered_at__isnull=True, occurred_at__lt=moment(now) - window)
    )
    latest = MissingEpisode.objects.filter(case__in=cases).filter(
        latest_per_case(MissingEpisode, per_child=True)
    )
    rows = latest.annotate(
        r_case=F("case"),
        r_child=F("child"),
        r_due=plus("occurred_at", window),
        x_overdue=overdue.order_by("occurred_at", "id").values("id")[:1],
    )
    return [
        rows.annotate(
            r_state=judged(breach=Q(x_overdue__isnull=False), met=Q(pnc_entered_at__isnull=False), now=now),
            r_evidence_type=text("cases.missingepisode"),
            r_evidence_id=Cast(Coalesce(F("x_overdue"), F("id")), CharField()),
            r_note=Case(
                When(x_overdue__isnull=False, then=note("an episode entered late or not entered")),
                When(pnc_entered_at__isnull=True, then=note("awaiting entry")),
                default=note(
                    "entered ", hours_between("occurred_at", "pnc_entered_at"), " h after the report"
                ),
            ),
            r_owner=NO_OWNER,
        )
    ]


STANDARD = Standard(
    id="PNC_MISSING",
    name="Missing child on the Police National Computer",
    description="A missing child entered on the national computer within 48 h of the report.",
    source="national missing-person guidance",
    stage=Stage.INITIAL_CONTACT,
    case_types=frozenset({CaseType.MISSING, CaseType.CSE}),
    thresholds={"hours": 48},
    per_child=True,
    rule=rule,
)
