"""VOICE: the child's views recorded before the case closes."""

from safeguarding.cases.models import ChildView
from safeguarding.cases.vocabulary import CaseType, NotAbleReason
from tests.factories import at, make_case, make_entry, make_person


def cp_case(districts, **fields):
    child = make_person(districts["north"])
    case = make_case(districts["north"], case_type=CaseType.CP_ENQUIRY, children=[child], **fields)
    return case, child


def test_met_when_views_recorded_before_closure(districts, judge):
    case, child = cp_case(districts, closed_at=at("2026-03-20"))
    view = make_entry(ChildView, case, "2026-03-05 10:00", child=child, views="I want to stay with Nan")
    result = judge(case, "VOICE", "2026-04-01 12:00")[child.pk]
    assert (result.state, result.evidence_id) == ("met", str(view.pk))


def test_too_young_with_demeanour_instead_counts(districts, judge):
    case, child = cp_case(districts, closed_at=at("2026-03-20"))
    make_entry(ChildView, case, "2026-03-05 10:00", child=child, not_able_reason=NotAbleReason.TOO_YOUNG)
    assert judge(case, "VOICE", "2026-04-01 12:00")[child.pk].state == "met"


def test_not_met_when_closed_without_views(districts, judge):
    case, child = cp_case(districts, closed_at=at("2026-03-20"))
    result = judge(case, "VOICE", "2026-04-01 12:00")[child.pk]
    assert (result.state, result.evidence_note) == ("not_met", "no views recorded")


def test_not_met_when_recorded_after_closure(districts, judge):
    case, child = cp_case(districts, closed_at=at("2026-03-20"))
    make_entry(ChildView, case, "2026-03-05 10:00", recorded="2026-03-25 10:00", child=child, views="Scared")
    assert judge(case, "VOICE", "2026-04-01 12:00")[child.pk].state == "not_met"


def test_not_yet_due_while_open(districts, judge):
    case, child = cp_case(districts)  # reported 2 March 12:00; expected 28 x 24 h later
    result = judge(case, "VOICE", "2026-04-01 12:00")[child.pk]
    assert result.state == "not_yet_due"
    # 30 March 13:00 BST: the clocks went forward on 29 March
    assert result.due_at == at("2026-03-30", "13:00")


def test_not_applicable_to_sex_offender_enquiries(districts, judge):
    child = make_person(districts["north"])
    case = make_case(districts["north"], case_type=CaseType.SEX_OFFENDER, children=[child])
    assert judge(case, "VOICE", "2026-04-01 12:00") == {}


def test_any_view_before_closure_counts_and_evidence_is_the_lowest_id(districts, judge):
    case, child = cp_case(districts, closed_at=at("2026-03-20"))
    after = make_entry(
        ChildView, case, "2026-03-05 10:00", recorded="2026-03-25 10:00", child=child, views="Later"
    )
    make_entry(ChildView, case, "2026-03-06 10:00", child=child, views="Before closure")
    result = judge(case, "VOICE", "2026-04-01 12:00")[child.pk]
    assert (result.state, result.evidence_id) == ("met", str(after.pk))


def test_each_child_of_cases_judged_together_has_their_own_views(districts, judge_together):
    first, child = cp_case(districts, closed_at=at("2026-03-20"))
    sibling = make_person(districts["north"], forename="Noah")
    second = make_case(
        districts["north"],
        case_type=CaseType.CP_ENQUIRY,
        children=[child, sibling],
        closed_at=at("2026-03-20"),
    )
    make_entry(ChildView, first, "2026-03-05 10:00", child=sibling, views="Not on this case")
    view = make_entry(ChildView, second, "2026-03-05 10:00", child=sibling, views="Mine")
    results = judge_together([first, second], "VOICE", "2026-04-01 12:00")
    assert {key: (row.state, row.evidence_id) for key, row in results.items()} == {
        (first.pk, child.pk): ("not_met", ""),
        (second.pk, child.pk): ("not_met", ""),
        (second.pk, sibling.pk): ("met", str(view.pk)),
    }
