"""MINOR_CRIMINALISATION: arrest for a minor family offence or wasting police time is reviewed."""

from safeguarding.cases.models import CaseNote
from safeguarding.cases.vocabulary import CaseNoteKind
from tests.factories import make_entry
from tests.standards.catalogue._custody import detained


def test_met_when_reviewed(districts, judge):
    case, child, _ = detained(
        districts, minor_offence_against_family=True, offence="Common assault on brother"
    )
    make_entry(CaseNote, case, "2026-03-03 10:00", kind=CaseNoteKind.DECISION, text="Diversion instead")
    assert judge(case, "MINOR_CRIMINALISATION", "2026-03-20 12:00")[child.pk].state == "met"


def test_wasting_police_time_after_disclosure_not_reviewed_is_not_met(districts, judge):
    case, child, _ = detained(districts, offence="Wasting police time")
    assert judge(case, "MINOR_CRIMINALISATION", "2026-03-20 12:00")[child.pk].state == "not_met"


def test_not_yet_due_within_7_days(districts, judge):
    case, child, _ = detained(districts, minor_offence_against_family=True)
    assert judge(case, "MINOR_CRIMINALISATION", "2026-03-04 12:00")[child.pk].state == "not_yet_due"
