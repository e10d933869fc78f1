"""RETURN_INTERVIEW: safe-and-well check, return interview, information to social care, 72 h."""

from safeguarding.cases.models import MissingEpisode
from safeguarding.cases.vocabulary import CaseType
from tests.factories import make_case, make_entry, make_person

# Returned Tuesday 3 March 10:00: everything due by Friday 6 March 10:00.


def returned(districts, **fields):
    child = make_person(districts["north"])
    case = make_case(districts["north"], case_type=CaseType.MISSING, children=[child])
    make_entry(
        MissingEpisode, case, "2026-03-02 18:00", child=child, returned_at="2026-03-03 10:00", **fields
    )
    return case, child


ALL_DONE = {
    "safe_and_well_at": "2026-03-03 11:00",
    "return_interview_at": "2026-03-05 15:00",
    "info_to_social_care_at": "2026-03-06 09:00",
}


def test_met_when_all_within_72_hours(districts, judge):
    case, child = returned(districts, **ALL_DONE)
    assert judge(case, "RETURN_INTERVIEW", "2026-03-20 12:00")[child.pk].state == "met"


def test_not_met_when_interview_after_72_hours(districts, judge):
    case, child = returned(districts, **{**ALL_DONE, "return_interview_at": "2026-03-06 11:00"})
    assert judge(case, "RETURN_INTERVIEW", "2026-03-20 12:00")[child.pk].state == "not_met"


def test_not_yet_due_while_interview_awaited(districts, judge):
    case, child = returned(districts, safe_and_well_at="2026-03-03 11:00")
    result = judge(case, "RETURN_INTERVIEW", "2026-03-05 12:00")[child.pk]
    assert result.state == "not_yet_due"
    assert judge(case, "RETURN_INTERVIEW", "2026-03-06 10:01")[child.pk].state == "not_met"


def test_not_applicable_while_still_missing(districts, judge):
    child = make_person(districts["north"])
    case = make_case(districts["north"], case_type=CaseType.MISSING, children=[child])
    make_entry(MissingEpisode, case, "2026-03-02 18:00", child=child)
    assert judge(case, "RETURN_INTERVIEW", "2026-03-20 12:00") == {}
