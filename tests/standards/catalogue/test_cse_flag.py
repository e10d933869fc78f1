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
