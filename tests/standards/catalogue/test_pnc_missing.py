"""PNC_MISSING: a missing child entered on the national computer within 48 h of the report."""

from safeguarding.cases.models import MissingEpisode
from safeguarding.cases.vocabulary import CaseType
from tests.factories import make_case, make_entry, make_person

# Reported Monday 2 March 18:00: entry due by Wednesday 4 March 18:00.


def reported(districts, **fields):
    child = make_person(districts["north"])
    case = make_case(districts["north"], case_type=CaseType.MISSING, children=[child])
    make_entry(MissingEpisode, case, "2026-03-02 18:00", child=child, **fields)
    return case, child


def test_met_when_entered_next_morning(districts, judge):
    case, child = reported(districts, pnc_entered_at="2026-03-03 09:00")
    result = judge(case, "PNC_MISSING", "2026-03-10 12:00")[child.pk]
    assert (result.state, result.evidence_note) == ("met", "entered 15 h after the report")


def test_not_met_when_entered_after_48_hours(districts, judge):
    case, child = reported(districts, pnc_entered_at="2026-03-04 19:00")
    assert judge(case, "PNC_MISSING", "2026-03-10 12:00")[child.pk].state == "not_met"


def test_not_yet_due_within_48_hours(districts, judge):
    case, child = reported(districts)
    assert judge(case, "PNC_MISSING", "2026-03-04 17:00")[child.pk].state == "not_yet_due"
    assert judge(case, "PNC_MISSING", "2026-03-04 18:01")[child.pk].state == "not_met"
