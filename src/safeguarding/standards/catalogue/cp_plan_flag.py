"""CP_PLAN_FLAG: a child's child protection plan is flagged promptly: within 2 working days of
the conference.

Per subject child on a case with an initial child protection conference (the first ICPC). The
system records no "plan made" answer on a conference, so a plan is known from a CP-plan Flag on
the child starting on or after the conference date, or from the child's outcome on the case
being "protected by a child protection plan". Where neither exists the standard does not apply.
Met when the first such flag was put on the record (recorded_at) within `working_days` working
days of the conference; not yet due before then; not met after (late or missing flag).

How: the first ICPC of each case is ranked once and joined to the case's subject children; the
flag, which depends on each child's conference date, is looked up per child only for those, in
a fact table (`facts`) so that the state, evidence and note read it once.
"""

from django.db.models import Case, DateField, Exists, F, OuterRef, Q, When
from django.db.models.functions import TruncDate

from safeguarding.cases.models import ChildOutcome, Meeting
from safeguarding.cases.vocabulary import MeetingKind, OutcomeCategory, ParticipantRole, Stage
from safeguarding.people.models import Flag
from safeguarding.people.vocabulary import FlagKind
from safeguarding.standards.catalogue._sql import (
    NO_OWNER,
    evidence,
    facts,
    first_per,
    hours_between,
    inner_join,
    judged,
    note,
    with_working_days_after,
)
from safeguarding.standards.catalogue._standard import ALL_CASE_TYPES, Standard


def rule(cases, now, t):
    conference = first_per(
        Meeting.objects.filter(case__in=cases, kind=MeetingKind.ICPC),
        "case",
        fields=("occurred_at",),
        name="first_icpc",
    )
    rows = inner_join(cases.filter(participants__role=ParticipantRole.SUBJECT_CHILD), conference, pk="case")
    rows = rows.annotate(
        r_case=F("pk"),
        r_child=F("participants__person"),
        x_conference=conference.col.occurred_at,
        x_conference_day=TruncDate("x_conference", output_field=DateField()),
    )
    flags = Flag.objects.filter(
        person=OuterRef("r_child"), kind=FlagKind.CP_PLAN, starts_on__gte=OuterRef("x_conference_day")
    ).order_by("recorded_at", "id")
    plan_outcome = ChildOutcome.objects.filter(
        case=OuterRef("r_case"), child=OuterRef("r_child"), category=OutcomeCategory.PROTECTED_BY_PLAN
    )
    rows = rows.filter(Exists(flags) | Exists(plan_outcome)).annotate(
        x_flag=flags.values("id")[:1],
        x_flagged_at=flags.values("recorded_at")[:1],
    )
    rows = facts(rows, "r_case", "r_child", "x_conference", "x_flag", "x_flagged_at", label="plan_facts")
    rows = with_working_days_after(rows, "x_conference", int(t["working_days"]), name="r_due")
    return [
        rows.annotate(
            r_state=judged(met=Q(x_flagged_at__lte=F("r_due")), now=now),
            **evidence("people.flag", "x_flag"),
            r_note=Case(
                When(x_flag__isnull=True, then=note("no child protection plan flag")),
                default=note(
                    "flagged ", hours_between("x_conference", "x_flagged_at"), " h after the conference"
                ),
            ),
            r_owner=NO_OWNER,
        )
    ]


STANDARD = Standard(
    id="CP_PLAN_FLAG",
    name="Child protection plan flagged",
    description="A child protection plan flagged within 2 working days of the conference.",
    source="000 (no CP-plan flag; delays)",
    stage=Stage.ASSESSMENT,
    case_types=ALL_CASE_TYPES,
    thresholds={"working_days": 2},
    working_day_thresholds=("working_days",),
    per_child=True,
    rule=rule,
    # Late is the only way left to fail once the record is on file: nothing to add.
    done_when_recorded_late=True,
)
