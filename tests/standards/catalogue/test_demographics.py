"""DEMOGRAPHICS: age, gender, ethnicity, disability and (school age) school recorded within 7 days."""

from safeguarding.cases.vocabulary import CaseType
from tests.factories import make_case, make_person

COMPLETE = {"gender": "female", "ethnicity": "mixed", "disability": "none", "school": "Mill Lane Primary"}


def case_for(districts, **person):
    child = make_person(districts["north"], **person)
    return make_case(districts["north"], case_type=CaseType.GENERAL_CONCERN, children=[child]), child


def test_met_when_complete(districts, judge):
    case, child = case_for(districts, **COMPLETE)
    assert judge(case, "DEMOGRAPHICS", "2026-03-20 12:00")[child.pk].state == "met"


def test_toddler_needs_no_school(districts, judge):
    case, child = case_for(districts, date_of_birth="2023-01-01", **{**COMPLETE, "school": ""})
    assert judge(case, "DEMOGRAPHICS", "2026-03-20 12:00")[child.pk].state == "met"


def test_not_met_when_ethnicity_and_school_missing(districts, judge):
    case, child = case_for(districts, **{**COMPLETE, "ethnicity": "", "school": ""})
    result = judge(case, "DEMOGRAPHICS", "2026-03-20 12:00")[child.pk]
    assert (result.state, result.evidence_note) == ("not_met", "missing: ethnicity school")


def test_not_yet_due_in_the_first_week(districts, judge):
    case, child = case_for(districts)
    assert judge(case, "DEMOGRAPHICS", "2026-03-05 12:00")[child.pk].state == "not_yet_due"


def test_each_subject_child_of_cases_judged_together(districts, judge_together):
    complete = make_person(districts["north"], **COMPLETE)
    no_school = make_person(districts["north"], **{**COMPLETE, "school": ""})
    baby = make_person(districts["north"], date_of_birth="2025-06-01", **{**COMPLETE, "school": ""})
    first = make_case(districts["north"], reported="2026-03-02", children=[complete, no_school])
    second = make_case(districts["north"], reported="2026-03-02", children=[baby, complete])
    results = judge_together([first, second], "DEMOGRAPHICS", "2026-03-20 12:00")
    assert {key: row.evidence_note for key, row in results.items()} == {
        (first.pk, complete.pk): "complete",
        (first.pk, no_school.pk): "missing: school",
        (second.pk, baby.pk): "complete",
        (second.pk, complete.pk): "complete",
    }
