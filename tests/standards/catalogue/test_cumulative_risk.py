"""CUMULATIVE_RISK: the 3rd DA incident with children at an address in 12 months is reviewed."""

from safeguarding.cases.models import Incident, Meeting, RiskAssessment
from safeguarding.cases.vocabulary import CaseType, IncidentKind, MeetingKind, RiskGrade, RiskTool
from tests.factories import make_address, make_case, make_entry, make_person


def third_incident(districts, first="2025-06-01 21:00"):
    address = make_address(districts["north"])
    child = make_person(districts["north"])
    cases = []
    for when in (first, "2025-12-01 21:00", "2026-03-02 21:00"):
        case = make_case(
            districts["north"],
            case_type=CaseType.DOMESTIC_ABUSE,
            reported=when.split(" ")[0],
            children=[child],
        )
        make_entry(
            Incident, case, when, kind=IncidentKind.DOMESTIC_ABUSE, children_present=1, address=address
        )
        cases.append(case)
    return cases[-1]


def test_met_when_supervisor_reviews_the_assessment(districts, judge):
    case = third_incident(districts)
    make_entry(
        RiskAssessment,
        case,
        "2026-03-03 10:00",
        tool=RiskTool.DASH,
        grade=RiskGrade.MEDIUM,
        supervisor_reviewed_at="2026-03-04 10:00",
    )
    result = judge(case, "CUMULATIVE_RISK", "2026-03-20 12:00")[None]
    assert (result.state, result.evidence_note) == ("met", "3 incidents in 12 months: reviewed")


def test_met_when_referred_to_marac(districts, judge):
    case = third_incident(districts)
    make_entry(Meeting, case, "2026-03-06 10:00", kind=MeetingKind.MARAC)
    assert judge(case, "CUMULATIVE_RISK", "2026-03-20 12:00")[None].state == "met"


def test_not_met_without_review_after_7_days(districts, judge):
    case = third_incident(districts)
    assert judge(case, "CUMULATIVE_RISK", "2026-03-10 12:00")[None].state == "not_met"


def test_not_yet_due_within_7_days(districts, judge):
    case = third_incident(districts)
    assert judge(case, "CUMULATIVE_RISK", "2026-03-05 12:00")[None].state == "not_yet_due"


def test_not_applicable_when_the_first_is_over_12_months_old(districts, judge):
    case = third_incident(districts, first="2025-02-01 21:00")
    assert judge(case, "CUMULATIVE_RISK", "2026-03-10 12:00") == {}
