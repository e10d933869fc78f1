"""MARAC_INFO: high-risk DA with children to MARAC; history and number of children shared before."""

from safeguarding.cases.models import CaseParticipant, Incident, Meeting, RiskAssessment
from safeguarding.cases.vocabulary import CaseType, IncidentKind, MeetingKind, RiskGrade, RiskTool
from tests.factories import make_case, make_entry, make_person


def high_risk_case(districts):
    child = make_person(districts["north"])
    case = make_case(districts["north"], case_type=CaseType.DOMESTIC_ABUSE, children=[child])
    make_entry(Incident, case, "2026-03-02 22:00", kind=IncidentKind.DOMESTIC_ABUSE, children_present=2)
    make_entry(
        RiskAssessment, case, "2026-03-03 10:00", tool=RiskTool.DASH, grade=RiskGrade.HIGH, yes_answers=16
    )
    return case


def test_met_when_shared_the_day_before(districts, judge):
    case = high_risk_case(districts)
    make_entry(
        Meeting,
        case,
        "2026-03-19 10:00",
        kind=MeetingKind.MARAC,
        history_shared_at="2026-03-18 15:00",
        children_count_shared=2,
    )
    assert judge(case, "MARAC_INFO", "2026-03-25 12:00")[None].state == "met"


def test_not_met_when_children_not_shared(districts, judge):
    case = high_risk_case(districts)
    make_entry(
        Meeting, case, "2026-03-19 10:00", kind=MeetingKind.MARAC, history_shared_at="2026-03-18 15:00"
    )
    result = judge(case, "MARAC_INFO", "2026-03-25 12:00")[None]
    assert (result.state, result.evidence_note) == ("not_met", "number of children not shared")


def test_not_yet_due_before_the_meeting(districts, judge):
    case = high_risk_case(districts)
    make_entry(Meeting, case, "2026-03-19 10:00", kind=MeetingKind.MARAC)
    assert judge(case, "MARAC_INFO", "2026-03-18 12:00")[None].state == "not_yet_due"


def test_high_risk_without_marac_after_28_days_is_not_met(districts, judge):
    case = high_risk_case(districts)
    assert judge(case, "MARAC_INFO", "2026-03-20 12:00")[None].state == "not_yet_due"
    result = judge(case, "MARAC_INFO", "2026-04-01 12:00")[None]
    assert (result.state, result.evidence_type) == ("not_met", "cases.riskassessment")


def test_judged_on_the_first_marac(districts, judge):
    case = high_risk_case(districts)
    make_entry(
        Meeting,
        case,
        "2026-04-19 10:00",
        kind=MeetingKind.MARAC,
        history_shared_at="2026-04-18 15:00",
        children_count_shared=2,
    )  # created first, held later
    first = make_entry(Meeting, case, "2026-03-19 10:00", kind=MeetingKind.MARAC)
    result = judge(case, "MARAC_INFO", "2026-04-25 12:00")[None]
    assert (result.state, result.evidence_id, result.evidence_note) == (
        "not_met",
        str(first.pk),
        "history not shared",
    )


def test_cases_judged_together(districts, judge_together):
    high_risk, without_children = high_risk_case(districts), high_risk_case(districts)
    # No child on the case: no child was present, whatever number the caller reported.
    CaseParticipant.objects.filter(case=without_children).delete()
    assessment = RiskAssessment.objects.get(case=high_risk)
    results = judge_together([high_risk, without_children], "MARAC_INFO", "2026-04-25 12:00")
    assert {key: (row.state, row.evidence_id) for key, row in results.items()} == {
        (high_risk.pk, None): ("not_met", str(assessment.pk)),
    }
