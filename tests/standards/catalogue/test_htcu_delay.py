"""HTCU_DELAY: device analysis back within 14 days (priority) or 60 days (routine)."""

import datetime as dt

from safeguarding.cases.vocabulary import DevicePriority, InvestigationStepKind
from tests.standards.catalogue._investigations import investigation_case, step

# Submitted 2 March 10:00: priority due 16 March, routine due 1 May.


def submitted(districts, cast, priority):
    case, investigation = investigation_case(districts, cast)
    step(investigation, InvestigationStepKind.DEVICE_SUBMITTED, "2026-03-02 10:00", device_priority=priority)
    return case, investigation


def test_met_when_priority_device_back_in_12_days(districts, cast, judge):
    case, investigation = submitted(districts, cast, DevicePriority.PRIORITY)
    step(investigation, InvestigationStepKind.DEVICE_RETURNED, "2026-03-14 10:00")
    result = judge(case, "HTCU_DELAY", "2026-04-01 12:00")[None]
    assert (result.state, result.evidence_note) == ("met", "returned after 12 days")


def test_not_met_when_priority_device_waits_20_days(districts, cast, judge):
    case, _ = submitted(districts, cast, DevicePriority.PRIORITY)
    assert judge(case, "HTCU_DELAY", "2026-03-22 12:00")[None].state == "not_met"


def test_routine_not_yet_due_at_20_days(districts, cast, judge):
    case, _ = submitted(districts, cast, DevicePriority.ROUTINE)
    assert judge(case, "HTCU_DELAY", "2026-03-22 12:00")[None].state == "not_yet_due"


def test_suspect_on_bail_awaiting_analysis_is_noted(districts, cast, judge):
    case, investigation = submitted(districts, cast, DevicePriority.ROUTINE)
    step(investigation, InvestigationStepKind.BAIL, "2026-03-03 10:00", bail_until=dt.date(2026, 4, 30))
    assert (
        judge(case, "HTCU_DELAY", "2026-03-22 12:00")[None].evidence_note
        == "suspect on bail awaiting analysis"
    )
