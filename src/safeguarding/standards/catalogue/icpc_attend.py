"""ICPC_ATTEND: police attend the initial child protection conferences they are invited to.

Per case with an ICPC the police were invited to (invited_at set): the first such conference.
Met when police attended, or did not attend but submitted a report AND recorded the reason
(DOMAIN.md: "report-only needs a reason"). Not met when they did not attend without both, or
when the conference has passed with attendance unrecorded. Not yet due before the conference
(due_at = the conference). The attendance rate by district is the indicator over these rows.
"""

from django.db.models import Case, F, Q, When

from safeguarding.cases.models import Meeting
from safeguarding.cases.vocabulary import MeetingKind, Stage
from safeguarding.standards.catalogue._sql import (
    NO_CHILD,
    NO_OWNER,
    first_per_case,
    judged,
    note,
    same_evidence,
)
from safeguarding.standards.catalogue._standard import ALL_CASE_TYPES, Standard

INVITED = {"kind": MeetingKind.ICPC, "invited_at__isnull": False}


def rule(cases, now, t):
    meetings = Meeting.objects.filter(case__in=cases, **INVITED).filter(first_per_case(Meeting, **INVITED))
    report_only = Q(attended=False, report_submitted=True) & ~Q(non_attendance_reason="")
    return [
        meetings.annotate(r_case=F("case"), r_child=NO_CHILD, r_due=F("occurred_at")).annotate(
            r_state=judged(
                met=Q(attended=True) | report_only, breach=Q(attended=False) & ~report_only, now=now
            ),
            **same_evidence("cases.meeting", F("id")),
            r_note=Case(
                When(attended=True, then=note("attended")),
                When(report_only, then=note("report submitted, reason recorded")),
                When(attended=False, then=note("not attended without report and reason")),
                default=note("attendance not recorded"),
            ),
            r_owner=NO_OWNER,
        )
    ]


STANDARD = Standard(
    id="ICPC_ATTEND",
    name="Child protection conferences attended",
    description="Police attend the initial child protection conferences they are invited to.",
    source="000 (Leeds 8 of 160, Calderdale 30 of 38)",
    stage=Stage.ASSESSMENT,
    case_types=ALL_CASE_TYPES,
    rule=rule,
)
