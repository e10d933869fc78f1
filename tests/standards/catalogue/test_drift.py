"""DRIFT: an open investigation with no entry for 28 days is drifting."""

from safeguarding.cases.vocabulary import InvestigationStepKind
from tests.factories import at
from tests.standards.catalogue._investigations import investigation_case, step

# Opened Monday 2 March; an update on 10 March makes the next entry due 7 April.


def test_met_within_28_days_of_the_last_update(districts, cast, judge):
    case, investigation = investigation_case(districts, cast)
    update = step(investigation, InvestigationStepKind.UPDATE, "2026-03-10 10:00")
    result = judge(case, "DRIFT", "2026-04-01 12:00")[None]
    assert (result.state, result.evidence_id) == ("met", str(update.pk))
    assert result.owner == cast["supervisor_north"]  # the investigation's officer must act


def test_not_met_after_28_days_without_an_entry(districts, cast, judge):
    case, investigation = investigation_case(districts, cast)
    step(investigation, InvestigationStepKind.UPDATE, "2026-03-10 10:00")
    result = judge(case, "DRIFT", "2026-04-08 12:00")[None]
    assert (result.state, result.evidence_note) == ("not_met", "last entry 29 days ago")


def test_not_yet_due_when_newly_opened(districts, cast, judge):
    case, _ = investigation_case(districts, cast)
    result = judge(case, "DRIFT", "2026-03-20 12:00")[None]
    assert result.state == "not_yet_due"
    assert result.due_at.date() == at("2026-03-30").date()


def test_not_applicable_once_closed(districts, cast, judge):
    case, _ = investigation_case(districts, cast, closed_at="2026-03-05 10:00")
    assert judge(case, "DRIFT", "2026-05-01 12:00") == {}
