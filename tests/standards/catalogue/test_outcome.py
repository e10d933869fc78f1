"""OUTCOME: the outcome for the child recorded; a case cannot close without it."""

from safeguarding.cases.models import ChildOutcome
from safeguarding.cases.vocabulary import CaseType, OutcomeCategory
from tests.factories import at, make_case, make_entry, make_person


def case_with_child(districts, **fields):
    child = make_person(districts["north"])
    return make_case(
        districts["north"], case_type=CaseType.GENERAL_CONCERN, children=[child], **fields
    ), child


def test_met_when_outcome_recorded_at_closure(districts, judge):
    case, child = case_with_child(districts, closed_at=at("2026-03-20"))
    make_entry(ChildOutcome, case, "2026-03-20 09:00", child=child, category=OutcomeCategory.SUPPORTED_BY_CSC)
    assert judge(case, "OUTCOME", "2026-04-01 12:00")[child.pk].state == "met"


def test_not_met_when_closed_without_outcome(districts, judge):
    case, child = case_with_child(districts, closed_at=at("2026-03-20"))
    assert judge(case, "OUTCOME", "2026-04-01 12:00")[child.pk].state == "not_met"


def test_not_yet_due_while_open(districts, judge):
    case, child = case_with_child(districts)
    assert judge(case, "OUTCOME", "2026-04-01 12:00")[child.pk].state == "not_yet_due"
