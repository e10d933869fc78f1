"""STRATEGY: strategy discussion within 1 working day of suspected harm; decisions within 48 h."""

from safeguarding.cases.models import StrategyDiscussion
from safeguarding.cases.vocabulary import CaseType
from tests.factories import at, make_case, make_entry, make_person

# Harm suspected Monday 2 March 10:00: hold by Tuesday 3 March 10:00.


def harm_case(districts):
    child = make_person(districts["north"])
    return make_case(
        districts["north"],
        case_type=CaseType.CP_ENQUIRY,
        reported=at("2026-03-02", "10:00"),
        children=[child],
        significant_harm_suspected=True,
    )


def discussion(case, held, decided=None):
    return make_entry(
        StrategyDiscussion,
        case,
        held,
        harm_suspected_at="2026-03-02 10:00",
        decisions="s47 enquiry",
        decisions_recorded_at=decided,
    )


def test_met_when_held_next_morning_and_decisions_recorded(districts, judge):
    case = harm_case(districts)
    discussion(case, "2026-03-03 09:00", decided="2026-03-04 17:00")
    assert judge(case, "STRATEGY", "2026-03-10 12:00")[None].state == "met"


def test_not_met_when_held_late(districts, judge):
    case = harm_case(districts)
    discussion(case, "2026-03-04 09:00", decided="2026-03-04 12:00")
    result = judge(case, "STRATEGY", "2026-03-10 12:00")[None]
    assert (result.state, result.evidence_note) == ("not_met", "held after the deadline")


def test_not_met_when_decisions_recorded_after_48_hours(districts, judge):
    case = harm_case(districts)
    discussion(case, "2026-03-03 09:00", decided="2026-03-05 10:00")
    assert judge(case, "STRATEGY", "2026-03-10 12:00")[None].state == "not_met"


def test_not_yet_due_while_decisions_awaited(districts, judge):
    case = harm_case(districts)
    discussion(case, "2026-03-03 09:00")
    result = judge(case, "STRATEGY", "2026-03-04 12:00")[None]
    assert (result.state, result.due_at) == ("not_yet_due", at("2026-03-05", "09:00"))


def test_not_yet_due_before_the_discussion_deadline(districts, judge):
    case = harm_case(districts)
    assert judge(case, "STRATEGY", "2026-03-03 09:00")[None].state == "not_yet_due"


def test_judges_the_first_discussion_held(districts, judge):
    case = harm_case(districts)
    later = discussion(case, "2026-03-05 09:00", decided="2026-03-05 12:00")  # created first
    first = discussion(case, "2026-03-03 09:00")
    result = judge(case, "STRATEGY", "2026-03-10 12:00")[None]
    assert later.pk < first.pk
    assert (result.state, result.evidence_id, result.evidence_note) == (
        "not_met",
        str(first.pk),
        "decisions not recorded",
    )


def test_harm_is_dated_from_the_first_discussion(districts, judge):
    case = harm_case(districts)  # reported Monday 2 March
    make_entry(
        StrategyDiscussion, case, "2026-03-06 09:00", harm_suspected_at="2026-03-05 10:00", decisions="s47"
    )
    result = judge(case, "STRATEGY", "2026-03-10 12:00")[None]
    # suspected Thursday 5 March 10:00 -> hold by Friday 6 March 10:00: held in time
    assert (result.state, result.evidence_note) == ("not_met", "decisions not recorded")
    assert result.due_at == at("2026-03-08", "09:00")


def test_cases_judged_together(districts, judge_together):
    flagged, discussed = harm_case(districts), harm_case(districts)
    unflagged = make_case(
        districts["north"], case_type=CaseType.CP_ENQUIRY, children=[make_person(districts["north"])]
    )
    first = discussion(discussed, "2026-03-03 09:00", decided="2026-03-04 17:00")
    results = judge_together([flagged, discussed, unflagged], "STRATEGY", "2026-03-10 12:00")
    assert {key: (row.state, row.evidence_id) for key, row in results.items()} == {
        (flagged.pk, None): ("not_met", ""),
        (discussed.pk, None): ("met", str(first.pk)),
    }
