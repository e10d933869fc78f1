"""MISSING_RISK: every missing episode is risk-graded; a repeat-missing child is not graded
"no apparent risk (absent)" or low without a supervisor's review; a CSE-flagged child who goes
missing is graded at least medium.

Per child with missing episodes on the case; every episode of that child on that case is judged:
- ungraded `grade_hours` after the report (DOMAIN.md gives no figure: a force setting): breach;
- graded absent/low while repeat missing (`repeat_count`+ episodes of the child, on any case, in
  the `repeat_days` up to the report) and without supervisor_reviewed_at: breach;
- graded absent/low while the child has a CSE-risk flag in force on the report date: breach
  (a supervisor's review does not cure this one).
Not met on any breach (evidence: the first breaching episode); not yet due while the latest
episode awaits its grade; met otherwise (evidence: the latest episode).

How: the first breaching episode is looked up once per (case, child), in a fact table
(`facts`) that the state, evidence and note read.
"""

import datetime as dt

from django.db.models import Case, CharField, Count, Exists, F, OuterRef, Q, When
from django.db.models.functions import Cast, Coalesce

from safeguarding.cases.models import MissingEpisode
from safeguarding.cases.vocabulary import CaseType, RiskGrade, Stage
from safeguarding.people.models import Flag
from safeguarding.people.vocabulary import FlagKind
from safeguarding.standards.catalogue._sql import (
    NO_OWNER,
    facts,
    hours,
    judged,
    latest_per_case,
    moment,
    note,
    plus,
    text,
)
from safeguarding.standards.catalogue._standard import Standard

LOW_GRADES = [RiskGrade.NO_APPARENT_RISK, RiskGrade.LOW]


def breaching_episodes(now, t):
    window = dt.timedelta(days=t["repeat_days"])
    recent = (
        MissingEpisode.objects.filter(
            child=OuterRef("child"),
            occurred_at__gt=OuterRef("occurred_at") - window,
            occurred_at__lte=OuterRef("occurred_at"),
        )
        .values("child")
        .annotate(n=Count("id"))
        .values("n")
    )
    cse_flag = Flag.objects.filter(
        person=OuterRef("child"),
        kind=FlagKind.CSE_RISK,
        starts_on__lte=OuterRef("x_day"),
    ).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=OuterRef("x_day")))
    from django.db.models.functions import TruncDate

    episodes = MissingEpisode.objects.filter(case=OuterRef("case"), child=OuterRef("child")).annotate(
        x_day=TruncDate("occurred_at"), x_recent=recent
    )
    ungraded_late = Q(risk_grade="", occurred_at__lt=moment(now) - hours(t["grade_hours"]))
    repeat_low = Q(
        risk_grade__in=LOW_GRADES, supervisor_reviewed_at__isnull=True, x_recent__gte=t["repeat_count"]
    )
    cse_low = Q(risk_grade__in=LOW_GRADES) & Exists(cse_flag)
    return episodes.filter(ungraded_late | repeat_low | cse_low).order_by("occurred_at", "id")


def rule(cases, now, t):
    breaches = breaching_episodes(now, t)
    latest = MissingEpisode.objects.filter(case__in=cases).filter(
        latest_per_case(MissingEpisode, per_child=True)
    )
    rows = latest.annotate(
        r_case=F("case"),
        r_child=F("child"),
        r_due=plus("occurred_at", hours(t["grade_hours"])),
        x_episode=F("id"),
        x_grade=F("risk_grade"),
        x_breach=breaches.values("id")[:1],
    )
    # facts(): the breach lookup (itself counting episodes) is read by the state, evidence, note.
    rows = facts(rows, "r_case", "r_child", "r_due", "x_episode", "x_grade", "x_breach")
    return [
        rows.annotate(
            r_state=judged(breach=Q(x_breach__isnull=False), met=~Q(x_grade=""), now=now),
            r_evidence_type=text("cases.missingepisode"),
            r_evidence_id=Cast(Coalesce(F("x_breach"), F("x_episode")), CharField()),
            r_note=Case(
                When(x_breach__isnull=False, then=note("an episode graded wrongly or not graded")),
                When(x_grade="", then=note("awaiting risk grade")),
                default=note("graded ", F("x_grade")),
            ),
            r_owner=NO_OWNER,
        )
    ]


STANDARD = Standard(
    id="MISSING_RISK",
    name="Missing episode risk-graded",
    description="Every missing episode risk-graded; repeat or CSE-flagged children graded low unreviewed.",
    source="000, 003 (15 times in 6 months graded 'absent')",
    stage=Stage.INITIAL_CONTACT,
    case_types=frozenset({CaseType.MISSING, CaseType.CSE}),
    thresholds={"grade_hours": 2, "repeat_count": 3, "repeat_days": 90},
    per_child=True,
    rule=rule,
)
