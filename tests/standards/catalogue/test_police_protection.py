"""POLICE_PROTECTION: s46: local authority, parents, designated officer, wishes; ends within 72 h."""

from safeguarding.cases.models import PoliceProtection
from safeguarding.cases.vocabulary import CaseType
from tests.factories import make_case, make_entry, make_person

ALL_RECORDED = {
    "designated_officer": "Insp Shaw",
    "local_authority_informed_at": "2026-03-02 11:00",
    "parents_informed_at": "2026-03-02 12:00",
    "wishes_sought": True,
    "wishes": "Wants to stay with aunt",
}


def protected(districts, **fields):
    child = make_person(districts["north"])
    case = make_case(districts["north"], case_type=CaseType.POLICE_PROTECTION, children=[child])
    make_entry(PoliceProtection, case, "2026-03-02 10:00", child=child, **fields)
    return case, child


def test_met_when_ended_in_2_days_with_all_recorded(districts, judge):
    case, child = protected(districts, ended_at="2026-03-04 10:00", **ALL_RECORDED)
    assert judge(case, "POLICE_PROTECTION", "2026-03-10 12:00")[child.pk].state == "met"


def test_not_met_when_parents_never_informed(districts, judge):
    case, child = protected(
        districts, ended_at="2026-03-04 10:00", **{**ALL_RECORDED, "parents_informed_at": None}
    )
    assert judge(case, "POLICE_PROTECTION", "2026-03-10 12:00")[child.pk].state == "not_met"


def test_not_met_when_it_ran_beyond_72_hours(districts, judge):
    case, child = protected(districts, ended_at="2026-03-05 12:00", **ALL_RECORDED)
    result = judge(case, "POLICE_PROTECTION", "2026-03-10 12:00")[child.pk]
    assert (result.state, result.evidence_note) == ("not_met", "ended after 74 h")


def test_not_yet_due_while_running_inside_72_hours(districts, judge):
    case, child = protected(districts, **ALL_RECORDED)
    assert judge(case, "POLICE_PROTECTION", "2026-03-04 10:00")[child.pk].state == "not_yet_due"
    assert judge(case, "POLICE_PROTECTION", "2026-03-05 10:01")[child.pk].state == "not_met"
