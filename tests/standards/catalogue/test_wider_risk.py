"""WIDER_RISK: the suspect's risk to other children considered before closure or NFA."""

from safeguarding.cases.models import CaseNote
from safeguarding.cases.vocabulary import (
    CaseNoteKind,
    CaseType,
    ChargingDecision,
    InvestigationStepKind,
    OffenceCategory,
)
from tests.factories import at, make_case, make_entry, make_person
from tests.standards.catalogue._investigations import investigation_case, step


def online_case(districts, **fields):
    child = make_person(districts["north"])
    return make_case(districts["north"], case_type=CaseType.ONLINE_ABUSE, children=[child], **fields)


def test_met_when_considered_before_closure(districts, judge):
    case = online_case(districts, closed_at=at("2026-04-01"))
    make_entry(CaseNote, case, "2026-03-10 10:00", kind=CaseNoteKind.WIDER_RISK, text="Siblings checked")
    assert judge(case, "WIDER_RISK", "2026-04-10 12:00")[None].state == "met"


def test_not_met_when_nfa_came_first(districts, cast, judge):
    case, investigation = investigation_case(districts, cast, category=OffenceCategory.SEXUAL)
    step(
        investigation,
        InvestigationStepKind.CPS_DECISION,
        "2026-03-20 10:00",
        charging_decision=ChargingDecision.NO_FURTHER_ACTION,
    )
    make_entry(CaseNote, case, "2026-03-25 10:00", kind=CaseNoteKind.WIDER_RISK, text="Considered late")
    result = judge(case, "WIDER_RISK", "2026-04-10 12:00")[None]
    assert (result.state, result.evidence_note) == (
        "not_met",
        "considered after closure or no further action",
    )


def test_not_met_when_closed_without(districts, judge):
    case = online_case(districts, closed_at=at("2026-04-01"))
    assert judge(case, "WIDER_RISK", "2026-04-10 12:00")[None].state == "not_met"


def test_not_yet_due_while_open(districts, judge):
    case = online_case(districts)
    assert judge(case, "WIDER_RISK", "2026-04-10 12:00")[None].state == "not_yet_due"


def test_first_note_on_record_is_the_evidence(districts, judge):
    case = online_case(districts, closed_at=at("2026-04-01"))
    late = make_entry(
        CaseNote,
        case,
        "2026-03-10 10:00",
        recorded="2026-04-05 10:00",
        kind=CaseNoteKind.WIDER_RISK,
        text="Late",
    )
    first = make_entry(
        CaseNote, case, "2026-03-20 10:00", kind=CaseNoteKind.WIDER_RISK, text="Siblings checked"
    )
    result = judge(case, "WIDER_RISK", "2026-04-10 12:00")[None]
    assert late.pk < first.pk
    assert (result.state, result.evidence_id) == ("met", str(first.pk))


def test_cases_judged_together(districts, cast, judge_together):
    considered = online_case(districts, closed_at=at("2026-04-01"))
    make_entry(
        CaseNote, considered, "2026-03-10 10:00", kind=CaseNoteKind.WIDER_RISK, text="Siblings checked"
    )
    sexual, _ = investigation_case(districts, cast, category=OffenceCategory.SEXUAL)
    physical, _ = investigation_case(districts, cast, category=OffenceCategory.PHYSICAL)
    results = judge_together([considered, sexual, physical], "WIDER_RISK", "2026-04-10 12:00")
    assert {key: row.state for key, row in results.items()} == {
        (considered.pk, None): "met",
        (sexual.pk, None): "not_yet_due",  # open, no decision yet
    }
