"""INFORMED: the child informed of decisions, recorded before closure."""

from safeguarding.cases.models import InformedOfDecision
from safeguarding.cases.vocabulary import CaseType
from tests.factories import at, make_case, make_entry, make_person


def case_with_child(districts, **fields):
    child = make_person(districts["north"])
    return make_case(districts["north"], case_type=CaseType.CSE, children=[child], **fields), child


def test_met_when_informed_before_closure(districts, judge):
    case, child = case_with_child(districts, closed_at=at("2026-03-20"))
    make_entry(
        InformedOfDecision, case, "2026-03-10 10:00", child=child, decision="No charge", method="Visit"
    )
    assert judge(case, "INFORMED", "2026-04-01 12:00")[child.pk].state == "met"


def test_not_met_when_closed_without(districts, judge):
    case, child = case_with_child(districts, closed_at=at("2026-03-20"))
    assert judge(case, "INFORMED", "2026-04-01 12:00")[child.pk].state == "not_met"


def test_not_yet_due_while_open(districts, judge):
    case, child = case_with_child(districts)
    assert judge(case, "INFORMED", "2026-03-10 12:00")[child.pk].state == "not_yet_due"
