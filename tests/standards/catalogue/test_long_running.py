"""LONG_RUNNING: open over 3 months (91 days) from first report -> reviewed, then every 30 days."""

from safeguarding.cases.vocabulary import InvestigationStepKind
from tests.standards.catalogue._investigations import investigation_case, step

# Case reported 2 March 2026 12:00: the 3-month review falls due 1 June 2026.


def test_met_when_reviewed_at_3_months(districts, cast, judge):
    case, investigation = investigation_case(districts, cast)
    step(investigation, InvestigationStepKind.LONG_RUNNING_REVIEW, "2026-05-29 10:00")
    assert judge(case, "LONG_RUNNING", "2026-06-10 12:00")[None].state == "met"


def test_not_met_when_never_reviewed_after_3_months(districts, cast, judge):
    case, _ = investigation_case(districts, cast)
    result = judge(case, "LONG_RUNNING", "2026-06-02 12:00")[None]
    assert (result.state, result.evidence_note) == ("not_met", "open over 3 months, never reviewed")


def test_not_met_when_the_monthly_review_is_missed(districts, cast, judge):
    case, investigation = investigation_case(districts, cast)
    step(investigation, InvestigationStepKind.LONG_RUNNING_REVIEW, "2026-05-29 10:00")
    assert judge(case, "LONG_RUNNING", "2026-06-29 12:00")[None].state == "not_met"


def test_not_yet_due_before_3_months(districts, cast, judge):
    case, _ = investigation_case(districts, cast)
    assert judge(case, "LONG_RUNNING", "2026-05-20 12:00")[None].state == "not_yet_due"
