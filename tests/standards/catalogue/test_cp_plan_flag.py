"""CP_PLAN_FLAG: a child protection plan flagged within 2 working days of the conference."""

import datetime as dt

from safeguarding.cases.models import ChildOutcome, Meeting
from safeguarding.cases.vocabulary import CaseType, MeetingKind, OutcomeCategory
from safeguarding.people.models import Flag
from safeguarding.people.vocabulary import CpPlanCategory, FlagKind
from tests.factories import at, make_case, make_entry, make_person

# Conference Thursday 5 March 10:00: 2 working days later is Monday 9 March 10:00.


def conference_case(districts):
    child = make_person(districts["north"])
    case = make_case(districts["north"], case_type=CaseType.CP_ENQUIRY, children=[child])
    make_entry(
        Meeting, case, "2026-03-05 10:00", kind=MeetingKind.ICPC, invited_at="2026-03-01 10:00", attended=True
    )
    return case, child


def flag(child, recorded):
    return Flag.objects.create(
        person=child,
        kind=FlagKind.CP_PLAN,
        cp_category=CpPlanCategory.NEGLECT,
        starts_on=dt.date(2026, 3, 5),
        recorded_at=at(*recorded.split(" ")),
    )


def test_met_when_flagged_on_monday(districts, judge):
    case, child = conference_case(districts)
    made = flag(child, "2026-03-09 09:00")
    result = judge(case, "CP_PLAN_FLAG", "2026-03-20 12:00")[child.pk]
    assert (result.state, result.evidence_type, result.evidence_id) == ("met", "people.flag", str(made.pk))
    assert result.due_at == at("2026-03-09", "10:00")


def test_not_met_when_flagged_on_tuesday(districts, judge):
    case, child = conference_case(districts)
    flag(child, "2026-03-10 09:00")
    assert judge(case, "CP_PLAN_FLAG", "2026-03-20 12:00")[child.pk].state == "not_met"


def test_plan_known_from_outcome_without_flag(districts, judge):
    case, child = conference_case(districts)
    make_entry(
        ChildOutcome, case, "2026-03-06 10:00", child=child, category=OutcomeCategory.PROTECTED_BY_PLAN
    )
    assert judge(case, "CP_PLAN_FLAG", "2026-03-06 12:00")[child.pk].state == "not_yet_due"
    assert judge(case, "CP_PLAN_FLAG", "2026-03-09 10:01")[child.pk].state == "not_met"


def test_not_applicable_when_no_plan_is_known(districts, judge):
    case, _ = conference_case(districts)
    assert judge(case, "CP_PLAN_FLAG", "2026-03-20 12:00") == {}


def test_judged_from_the_first_conference(districts, judge):
    case, child = conference_case(districts)
    make_entry(
        Meeting, case, "2026-03-12 10:00", kind=MeetingKind.ICPC, invited_at="2026-03-10 10:00", attended=True
    )
    flag(child, "2026-03-13 09:00")  # in time for the second conference only
    result = judge(case, "CP_PLAN_FLAG", "2026-03-20 12:00")[child.pk]
    assert (result.state, result.due_at) == ("not_met", at("2026-03-09", "10:00"))


def test_first_flag_on_record_from_the_conference_day_on(districts, judge):
    case, child = conference_case(districts)
    Flag.objects.create(
        person=child,
        kind=FlagKind.CP_PLAN,
        cp_category=CpPlanCategory.NEGLECT,
        starts_on=dt.date(2025, 1, 1),  # an earlier plan: not this one
        recorded_at=at("2025-01-01", "09:00"),
    )
    late = flag(child, "2026-03-10 09:00")  # created first, recorded later
    first = flag(child, "2026-03-06 09:00")
    result = judge(case, "CP_PLAN_FLAG", "2026-03-20 12:00")[child.pk]
    assert late.pk < first.pk
    assert (result.state, result.evidence_id) == ("met", str(first.pk))


def test_cases_judged_together(districts, judge_together):
    (flagged, child), (unflagged, other) = conference_case(districts), conference_case(districts)
    flag(child, "2026-03-09 09:00")
    make_entry(
        ChildOutcome, unflagged, "2026-03-06 10:00", child=other, category=OutcomeCategory.PROTECTED_BY_PLAN
    )
    results = judge_together([flagged, unflagged], "CP_PLAN_FLAG", "2026-03-20 12:00")
    assert {key: row.state for key, row in results.items()} == {
        (flagged.pk, child.pk): "met",
        (unflagged.pk, other.pk): "not_met",
    }
