"""VOICE: the child's views recorded before the case closes."""

import pytest

from safeguarding.cases.models import ChildView, DemeanourRecord
from safeguarding.cases.vocabulary import CaseType, Demeanour, NotAbleReason, YesNoNa
from tests.factories import at, make_case, make_entry, make_person


def cp_case(districts, *, born="2015-04-12", **fields):
    child = make_person(districts["north"], date_of_birth=born)
    case = make_case(districts["north"], case_type=CaseType.CP_ENQUIRY, children=[child], **fields)
    return case, child


def test_met_when_views_recorded_before_closure(districts, judge):
    case, child = cp_case(districts, closed_at=at("2026-03-20"))
    view = make_entry(ChildView, case, "2026-03-05 10:00", child=child, views="I want to stay with Nan")
    result = judge(case, "VOICE", "2026-04-01 12:00")[child.pk]
    assert (result.state, result.evidence_id) == ("met", str(view.pk))


def too_young(case, child, *, demeanour: bool):
    if demeanour:
        make_entry(
            DemeanourRecord,
            case,
            "2026-03-05 09:00",
            child=child,
            demeanour=Demeanour.CALM,
            seen_alone=YesNoNa.NOT_APPLICABLE,
            seen_alone_reason="A baby",
        )
    return make_entry(
        ChildView, case, "2026-03-05 10:00", child=child, not_able_reason=NotAbleReason.TOO_YOUNG
    )


def test_too_young_with_demeanour_instead_counts_for_a_child_under_3(districts, judge):
    case, child = cp_case(districts, born="2024-06-01", closed_at=at("2026-03-20"))  # 1 year 9 months
    view = too_young(case, child, demeanour=True)
    result = judge(case, "VOICE", "2026-04-01 12:00")[child.pk]
    assert (result.state, result.evidence_id) == ("met", str(view.pk))


def test_too_young_without_a_demeanour_record_does_not_count(districts, judge):
    case, child = cp_case(districts, born="2024-06-01", closed_at=at("2026-03-20"))
    too_young(case, child, demeanour=False)
    result = judge(case, "VOICE", "2026-04-01 12:00")[child.pk]
    assert (result.state, result.evidence_note) == ("not_met", "no views recorded")


def test_too_young_does_not_count_for_a_ten_year_old_even_with_demeanour(districts, judge):
    case, child = cp_case(districts, born="2015-04-12", closed_at=at("2026-03-20"))
    too_young(case, child, demeanour=True)
    assert judge(case, "VOICE", "2026-04-01 12:00")[child.pk].state == "not_met"


def test_too_young_is_judged_on_the_age_when_the_view_was_recorded(districts, judge):
    # Three on 5 March 2026 exactly: no longer "under 3".
    case, child = cp_case(districts, born="2023-03-05", closed_at=at("2026-03-20"))
    too_young(case, child, demeanour=True)
    assert judge(case, "VOICE", "2026-04-01 12:00")[child.pk].state == "not_met"
    younger, baby = cp_case(districts, born="2023-03-06", closed_at=at("2026-03-20"))
    too_young(younger, baby, demeanour=True)
    assert judge(younger, "VOICE", "2026-04-01 12:00")[baby.pk].state == "met"


def test_too_young_with_an_unknown_date_of_birth_does_not_count(districts, judge):
    case, child = cp_case(districts, born=None, closed_at=at("2026-03-20"))
    too_young(case, child, demeanour=True)
    assert judge(case, "VOICE", "2026-04-01 12:00")[child.pk].state == "not_met"


def test_the_age_limit_is_a_force_setting(districts, judge, settings):
    settings.STANDARD_OVERRIDES = {"VOICE": {"too_young_years": 5}}
    case, child = cp_case(districts, born="2022-01-01", closed_at=at("2026-03-20"))  # 4
    too_young(case, child, demeanour=True)
    assert judge(case, "VOICE", "2026-04-01 12:00")[child.pk].state == "met"


@pytest.mark.parametrize("reason", [NotAbleReason.DECLINED, NotAbleReason.DISABILITY])
def test_declined_and_communication_needs_record_why_and_count(districts, judge, reason):
    case, child = cp_case(districts, closed_at=at("2026-03-20"))
    make_entry(ChildView, case, "2026-03-05 10:00", child=child, not_able_reason=reason)
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
