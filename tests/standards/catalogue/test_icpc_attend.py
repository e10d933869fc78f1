"""ICPC_ATTEND: police attend the conferences they are invited to (report-only needs a reason)."""

from safeguarding.cases.models import Meeting
from safeguarding.cases.vocabulary import CaseType, MeetingKind
from tests.factories import make_case, make_entry, make_person


def invited(districts, **fields):
    child = make_person(districts["north"])
    case = make_case(districts["north"], case_type=CaseType.CP_ENQUIRY, children=[child])
    make_entry(
        Meeting, case, "2026-03-20 10:00", kind=MeetingKind.ICPC, invited_at="2026-03-12 09:00", **fields
    )
    return case


def test_met_when_attended(districts, judge):
    assert judge(invited(districts, attended=True), "ICPC_ATTEND", "2026-03-21 12:00")[None].state == "met"


def test_met_when_report_only_with_reason(districts, judge):
    case = invited(districts, attended=False, report_submitted=True, non_attendance_reason="Court")
    assert judge(case, "ICPC_ATTEND", "2026-03-21 12:00")[None].state == "met"


def test_not_met_when_report_only_without_reason(districts, judge):
    case = invited(districts, attended=False, report_submitted=True)
    assert judge(case, "ICPC_ATTEND", "2026-03-21 12:00")[None].state == "not_met"


def test_not_met_when_attendance_unrecorded_after_the_conference(districts, judge):
    result = judge(invited(districts), "ICPC_ATTEND", "2026-03-21 12:00")[None]
    assert (result.state, result.evidence_note) == ("not_met", "attendance not recorded")


def test_not_yet_due_before_the_conference(districts, judge):
    assert judge(invited(districts), "ICPC_ATTEND", "2026-03-19 12:00")[None].state == "not_yet_due"
