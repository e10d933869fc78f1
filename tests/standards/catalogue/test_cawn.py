"""CAWN: adult found with a child at risk of CSE -> CAWN considered or served (within 7 days)."""

from safeguarding.cases.models import Incident, ProtectiveOrder
from safeguarding.cases.vocabulary import CaseType, IncidentKind, OrderDecision, OrderKind, ParticipantRole
from tests.factories import make_case, make_entry, make_person


def found_with_adult(districts):
    child = make_person(districts["north"], date_of_birth="2011-02-01")
    adult = make_person(districts["north"], forename="Dean", date_of_birth="1990-01-01", is_child=False)
    case = make_case(
        districts["north"],
        case_type=CaseType.MISSING,
        children=[child],
        adults=[(adult, ParticipantRole.OTHER_ADULT)],
    )
    make_entry(Incident, case, "2026-03-02 23:00", kind=IncidentKind.CSE_CONCERN)
    return case, adult


def test_met_when_served_within_a_week(districts, judge):
    case, adult = found_with_adult(districts)
    make_entry(
        ProtectiveOrder,
        case,
        "2026-03-04 10:00",
        kind=OrderKind.CAWN,
        subject=adult,
        decision=OrderDecision.SERVED,
    )
    result = judge(case, "CAWN", "2026-03-20 12:00")[None]
    assert (result.state, result.evidence_note) == ("met", "CAWN decision: served")


def test_not_met_without_a_decision_after_7_days(districts, judge):
    case, _ = found_with_adult(districts)
    assert judge(case, "CAWN", "2026-03-10 12:00")[None].state == "not_met"


def test_not_yet_due_within_7_days(districts, judge):
    case, _ = found_with_adult(districts)
    assert judge(case, "CAWN", "2026-03-05 12:00")[None].state == "not_yet_due"
