"""CSE_FLAG: a CSE-risk flag on the child when a CSE concern is recorded (within 24 h)."""

import datetime as dt

from safeguarding.cases.models import Incident
from safeguarding.cases.vocabulary import CaseType, IncidentKind
from safeguarding.people.models import Flag
from safeguarding.people.vocabulary import FlagKind
from tests.factories import at, make_case, make_entry, make_person


def concern_case(districts):
    child = make_person(districts["north"])
    case = make_case(districts["north"], case_type=CaseType.MISSING, children=[child])
    make_entry(Incident, case, "2026-03-05 10:00", kind=IncidentKind.CSE_CONCERN)
    return case, child


def flag(child, recorded):
    Flag.objects.create(
        person=child,
        kind=FlagKind.CSE_RISK,
        starts_on=dt.date(2026, 3, 5),
        recorded_at=at(*recorded.split(" ")),
    )


def test_met_when_flagged_same_day(districts, judge):
    case, child = concern_case(districts)
    flag(child, "2026-03-05 16:00")
    assert judge(case, "CSE_FLAG", "2026-03-10 12:00")[child.pk].state == "met"


def test_not_met_when_never_flagged(districts, judge):
    case, child = concern_case(districts)
    result = judge(case, "CSE_FLAG", "2026-03-10 12:00")[child.pk]
    assert (result.state, result.evidence_note) == ("not_met", "no CSE flag")


def test_not_met_when_flagged_a_week_later(districts, judge):
    case, child = concern_case(districts)
    flag(child, "2026-03-12 10:00")
    assert judge(case, "CSE_FLAG", "2026-03-20 12:00")[child.pk].state == "not_met"


def test_not_yet_due_within_24_hours(districts, judge):
    case, child = concern_case(districts)
    assert judge(case, "CSE_FLAG", "2026-03-05 20:00")[child.pk].state == "not_yet_due"


def test_cse_case_type_is_a_concern_from_first_report(districts, judge):
    child = make_person(districts["north"])
    case = make_case(districts["north"], case_type=CaseType.CSE, children=[child])
    assert judge(case, "CSE_FLAG", "2026-03-02 13:00")[child.pk].state == "not_yet_due"


def test_concern_is_the_earliest_of_incident_and_risk_assessment(districts, judge):
    from safeguarding.cases.models import RiskAssessment
    from safeguarding.cases.vocabulary import RiskGrade, RiskTool

    case, child = concern_case(districts)  # incident 5 March 10:00
    make_entry(RiskAssessment, case, "2026-03-03 10:00", tool=RiskTool.CSE, grade=RiskGrade.MEDIUM)
    make_entry(Incident, case, "2026-03-04 10:00", kind=IncidentKind.CSE_CONCERN)
    flag(child, "2026-03-04 09:00")
    result = judge(case, "CSE_FLAG", "2026-03-20 12:00")[child.pk]
    # concern 3 March 10:00 (the assessment): due 4 March 10:00, flagged at 09:00
    assert (result.state, result.due_at) == ("met", at("2026-03-04", "10:00"))


def test_cases_judged_together(districts, judge_together):
    (flagged, child), (unflagged, other) = concern_case(districts), concern_case(districts)
    no_concern = make_case(
        districts["north"], case_type=CaseType.MISSING, children=[make_person(districts["north"])]
    )
    flag(child, "2026-03-05 16:00")
    results = judge_together([flagged, unflagged, no_concern], "CSE_FLAG", "2026-03-20 12:00")
    assert {key: row.state for key, row in results.items()} == {
        (flagged.pk, child.pk): "met",
        (unflagged.pk, other.pk): "not_met",
    }
