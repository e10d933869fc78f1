"""MISSING_RISK: every episode graded; repeat (3 in 90 days) or CSE-flagged not graded low unchecked."""

import datetime as dt

from safeguarding.cases.models import MissingEpisode
from safeguarding.cases.vocabulary import CaseType, RiskGrade
from safeguarding.people.models import Flag
from safeguarding.people.vocabulary import FlagKind
from tests.factories import at, make_case, make_entry, make_person


def missing_case(districts):
    child = make_person(districts["north"])
    return make_case(districts["north"], case_type=CaseType.MISSING, children=[child]), child


def episode(case, child, reported, grade="", **fields):
    graded = {"graded_at": reported} if grade else {}
    return make_entry(MissingEpisode, case, reported, child=child, risk_grade=grade, **graded, **fields)


def test_met_when_graded(districts, judge):
    case, child = missing_case(districts)
    episode(case, child, "2026-03-02 18:00", RiskGrade.MEDIUM)
    assert judge(case, "MISSING_RISK", "2026-03-10 12:00")[child.pk].state == "met"


def test_third_episode_in_90_days_graded_absent_without_review_is_not_met(districts, judge):
    case, child = missing_case(districts)
    episode(case, child, "2026-01-10 18:00", RiskGrade.LOW)
    episode(case, child, "2026-02-10 18:00", RiskGrade.LOW)
    third = episode(case, child, "2026-03-02 18:00", RiskGrade.NO_APPARENT_RISK)
    result = judge(case, "MISSING_RISK", "2026-03-10 12:00")[child.pk]
    assert (result.state, result.evidence_id) == ("not_met", str(third.pk))


def test_third_episode_graded_absent_with_supervisor_review_is_met(districts, judge):
    case, child = missing_case(districts)
    episode(case, child, "2026-01-10 18:00", RiskGrade.LOW)
    episode(case, child, "2026-02-10 18:00", RiskGrade.LOW)
    episode(
        case, child, "2026-03-02 18:00", RiskGrade.NO_APPARENT_RISK, supervisor_reviewed_at="2026-03-02 20:00"
    )
    assert judge(case, "MISSING_RISK", "2026-03-10 12:00")[child.pk].state == "met"


def test_cse_flagged_child_graded_low_is_not_met(districts, judge):
    case, child = missing_case(districts)
    Flag.objects.create(
        person=child, kind=FlagKind.CSE_RISK, starts_on=dt.date(2026, 1, 1), recorded_at=at("2026-01-01")
    )
    episode(case, child, "2026-03-02 18:00", RiskGrade.LOW, supervisor_reviewed_at="2026-03-02 20:00")
    assert judge(case, "MISSING_RISK", "2026-03-10 12:00")[child.pk].state == "not_met"


def test_ungraded_not_yet_due_then_not_met_after_2_hours(districts, judge):
    case, child = missing_case(districts)
    episode(case, child, "2026-03-02 18:00")
    assert judge(case, "MISSING_RISK", "2026-03-02 19:00")[child.pk].state == "not_yet_due"
    assert judge(case, "MISSING_RISK", "2026-03-02 20:01")[child.pk].state == "not_met"
