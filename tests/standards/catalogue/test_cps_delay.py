"""CPS_DELAY: a charging decision within 28 days of the file going to the CPS."""

from safeguarding.cases.vocabulary import ChargingDecision, InvestigationStepKind
from tests.standards.catalogue._investigations import investigation_case, step

# File submitted 2 March 10:00: decision due 30 March 10:00 (28 x 24 h; 11:00 BST).


def submitted(districts, cast):
    case, investigation = investigation_case(districts, cast)
    step(investigation, InvestigationStepKind.CPS_SUBMITTED, "2026-03-02 10:00")
    return case, investigation


def test_met_when_decided_in_3_weeks(districts, cast, judge):
    case, investigation = submitted(districts, cast)
    step(
        investigation,
        InvestigationStepKind.CPS_DECISION,
        "2026-03-23 10:00",
        charging_decision=ChargingDecision.CHARGE,
    )
    assert judge(case, "CPS_DELAY", "2026-04-15 12:00")[None].state == "met"


def test_not_met_when_still_waiting_after_28_days(districts, cast, judge):
    case, _ = submitted(districts, cast)
    result = judge(case, "CPS_DELAY", "2026-04-01 12:00")[None]
    assert (result.state, result.evidence_note) == ("not_met", "awaiting decision 30 days")


def test_not_yet_due_within_28_days(districts, cast, judge):
    case, _ = submitted(districts, cast)
    assert judge(case, "CPS_DELAY", "2026-03-20 12:00")[None].state == "not_yet_due"


def test_latest_submission_judged_and_owned_by_the_investigating_officer(districts, cast, judge):
    case, investigation = submitted(districts, cast)
    step(
        investigation,
        InvestigationStepKind.CPS_DECISION,
        "2026-03-05 10:00",
        charging_decision=ChargingDecision.CHARGE,
    )
    resubmission = step(investigation, InvestigationStepKind.CPS_SUBMITTED, "2026-03-10 10:00")
    result = judge(case, "CPS_DELAY", "2026-04-15 12:00")[None]
    # the decision before the resubmission does not answer it
    assert (result.state, result.evidence_id) == ("not_met", str(resubmission.pk))
    assert result.evidence_note == "awaiting decision 36 days"
    assert result.owner_id == investigation.officer_id
