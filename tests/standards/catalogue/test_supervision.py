"""SUPERVISION: a supervisor reviews each open investigation at least every 28 days."""

from safeguarding.cases.vocabulary import InvestigationStepKind
from tests.standards.catalogue._investigations import investigation_case, step


def test_met_with_a_review_in_the_last_28_days(districts, cast, judge):
    case, investigation = investigation_case(districts, cast)
    step(investigation, InvestigationStepKind.SUPERVISOR_REVIEW, "2026-03-20 10:00")
    assert judge(case, "SUPERVISION", "2026-04-10 12:00")[None].state == "met"


def test_not_met_when_the_last_review_is_over_28_days_old(districts, cast, judge):
    case, investigation = investigation_case(districts, cast)
    step(investigation, InvestigationStepKind.SUPERVISOR_REVIEW, "2026-03-03 10:00")
    step(investigation, InvestigationStepKind.UPDATE, "2026-03-30 10:00")  # updates are not reviews
    assert judge(case, "SUPERVISION", "2026-04-01 12:00")[None].state == "not_met"


def test_not_yet_due_before_the_first_review(districts, cast, judge):
    case, _ = investigation_case(districts, cast)
    result = judge(case, "SUPERVISION", "2026-03-25 12:00")[None]
    assert (result.state, result.evidence_note) == ("not_yet_due", "no supervisor review yet")
