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


def cawn(case, adult, recorded, decision):
    return make_entry(ProtectiveOrder, case, recorded, kind=OrderKind.CAWN, subject=adult, decision=decision)


def test_judged_from_the_first_concern_and_the_first_decision_on_record(districts, judge):
    case, adult = found_with_adult(districts)  # concern Monday 2 March 23:00
    make_entry(Incident, case, "2026-03-01 09:00", kind=IncidentKind.CSE_CONCERN)  # the first concern
    cawn(case, adult, "2026-03-09 10:00", OrderDecision.SERVED)  # created first, recorded later
    first = cawn(case, adult, "2026-03-08 10:00", OrderDecision.GRANTED)
    result = judge(case, "CAWN", "2026-03-20 12:00")[None]
    # found 1 March 09:00 -> due 8 March 09:00: the first decision (8 March 10:00) is late
    assert (result.state, result.evidence_id, result.evidence_note) == (
        "not_met",
        str(first.pk),
        "CAWN decision recorded late",
    )


def test_cases_judged_together(districts, judge_together):
    (served, adult), (unserved, _) = found_with_adult(districts), found_with_adult(districts)
    no_adult = make_case(
        districts["north"], case_type=CaseType.CSE, children=[make_person(districts["north"])]
    )
    cse = make_case(
        districts["north"],
        case_type=CaseType.CSE,
        reported="2026-03-02",
        children=[make_person(districts["north"])],
        adults=[(adult, ParticipantRole.SUSPECT)],
    )
    cawn(served, adult, "2026-03-04 10:00", OrderDecision.SERVED)
    results = judge_together([served, unserved, no_adult, cse], "CAWN", "2026-03-20 12:00")
    assert {key: row.state for key, row in results.items()} == {
        (served.pk, None): "met",
        (unserved.pk, None): "not_met",
        (cse.pk, None): "not_met",
    }
