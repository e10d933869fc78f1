"""RSO_VISITS: visits on time for the offender's risk level (high: every 91 days)."""

from safeguarding.cases.models import OffenderManagement, OffenderVisit
from safeguarding.cases.vocabulary import CaseType, OffenderRisk
from tests.factories import make_case, make_entry, make_person


def managed(districts, cast, risk):
    offender = make_person(districts["north"], forename="Gary", date_of_birth="1970-01-01", is_child=False)
    case = make_case(districts["north"], case_type=CaseType.SEX_OFFENDER, reported="2026-01-05")
    management = make_entry(
        OffenderManagement,
        case,
        "2026-01-05 10:00",
        subject=offender,
        risk_level=risk,
        manager=cast["officer_north"],
    )
    return case, management


def test_met_when_high_risk_visited_within_3_months(districts, cast, judge):
    case, management = managed(districts, cast, OffenderRisk.HIGH)
    make_entry(OffenderVisit, case, "2026-03-01 10:00", management=management)
    result = judge(case, "RSO_VISITS", "2026-04-15 12:00")[None]
    assert result.state == "met"
    assert result.owner == cast["officer_north"]


def test_not_met_when_very_high_risk_unvisited_for_6_weeks(districts, cast, judge):
    case, management = managed(districts, cast, OffenderRisk.VERY_HIGH)
    make_entry(OffenderVisit, case, "2026-03-01 10:00", management=management)
    assert judge(case, "RSO_VISITS", "2026-04-15 12:00")[None].state == "not_met"


def test_not_yet_due_before_the_first_low_risk_visit(districts, cast, judge):
    case, _ = managed(districts, cast, OffenderRisk.LOW)
    assert judge(case, "RSO_VISITS", "2026-06-01 12:00")[None].state == "not_yet_due"
