"""The risk summary joins the dots; its counts must match hand-built records."""

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from safeguarding.cases.vocabulary import CaseType, ParticipantRole
from safeguarding.firstcontact.query import parse_lookup
from safeguarding.firstcontact.selectors import lookup, risk_summaries
from safeguarding.people.vocabulary import CpPlanCategory, FlagKind, LookedAfter, RelationshipKind
from tests.factories import make_address, make_case, make_person
from tests.firstcontact.builders import (
    TODAY,
    bail,
    da_incident,
    days_ago,
    flag,
    investigation,
    live_at,
    missing,
    relate,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(f"{TODAY} 12:00:00+01:00", tick=False):
        yield


@pytest.fixture
def home(districts):
    north = districts["north"]
    address = make_address(north, line1="3 Tanner Row", postcode="NM2 7QT")
    child = make_person(north, forename="Keira", surname="Walsh", date_of_birth="2012-05-01")
    live_at(child, address)
    return {"north": north, "address": address, "child": child}


def summary_of(viewer, person):
    return risk_summaries(viewer, [person.pk])[person.pk]


def test_flags_cp_plan_cse_and_looked_after(cast, home):
    child = home["child"]
    flag(child, FlagKind.CP_PLAN, cp_category=CpPlanCategory.NEGLECT, since="2026-02-01")
    flag(child, FlagKind.CSE_RISK)
    flag(child, FlagKind.REPEAT_MISSING, since="2025-01-01", ends_on="2025-06-01")  # ended: not shown
    child.looked_after = LookedAfter.FOSTER
    child.save()
    summary = summary_of(cast["officer_north"], child)
    assert summary.cp_plan_category == CpPlanCategory.NEGLECT
    assert str(summary.cp_plan_since) == "2026-02-01"
    assert summary.cse_risk and summary.looked_after
    assert {badge.kind for badge in summary.flags} == {FlagKind.CP_PLAN, FlagKind.CSE_RISK}
    kinds = [line.kind for line in summary.lines]
    assert {"cp_plan", "cse_risk", "looked_after"} <= set(kinds)


def test_missing_totals_last_90_days_and_last_grade(cast, home):
    child = home["child"]
    case = make_case(home["north"], case_type=CaseType.MISSING, children=[child])
    for days, grade in ((400, "high"), (120, "low"), (80, "no_apparent_risk"), (5, "medium")):
        missing(case, child, days_ago(days), grade)
    summary = summary_of(cast["officer_north"], child)
    assert summary.missing_total == 4
    assert summary.missing_last_90_days == 2
    assert summary.missing_last_grade == "medium"
    line = next(line for line in summary.lines if line.kind == "missing")
    assert line.record_type == "case" and line.record_id == case.pk


def _incidents(home, specs):
    """One case per incident, with `children` children on it (the home's child first). The caller's
    reported number is set to something else: first contact counts the children on the case."""
    for days, children in specs:
        siblings = [
            make_person(home["north"], forename=f"Sib{days}x{n}", surname="Lane", date_of_birth="2015-01-01")
            for n in range(children - 1)
        ]
        on_case = [home["child"], *siblings] if children else []
        case = make_case(home["north"], case_type=CaseType.DOMESTIC_ABUSE, children=on_case)
        da_incident(case, home["address"], days_ago(days), children_present=4)


def test_domestic_abuse_at_household_counts_last_12_months_only(cast, home):
    _incidents(home, [(10, 2), (100, 0), (200, 1), (400, 3)])
    summary = summary_of(cast["officer_north"], home["child"])
    assert summary.da_incidents_12_months == 3
    assert summary.da_incidents_with_children_12_months == 2
    assert summary.da_children_present_12_months == 3
    assert summary.cumulative_risk is False


def test_cumulative_risk_at_exactly_three_incidents_with_children(cast, home):
    _incidents(home, [(10, 1), (100, 2), (300, 1), (50, 0)])
    summary = summary_of(cast["officer_north"], home["child"])
    assert summary.da_incidents_with_children_12_months == 3
    assert summary.cumulative_risk is True
    assert "cumulative_risk" in [line.kind for line in summary.lines]


def test_two_incidents_with_children_are_not_cumulative_risk(cast, home):
    _incidents(home, [(10, 1), (100, 2), (50, 0), (380, 2)])
    summary = summary_of(cast["officer_north"], home["child"])
    assert summary.cumulative_risk is False
    assert "cumulative_risk" not in [line.kind for line in summary.lines]


def test_reported_children_without_a_child_on_the_case_are_not_children_present(cast, home):
    """The caller said three children; nobody has put a child on the case: first contact, like the
    standards, does not count the incident as one with children present."""
    for days in (10, 20, 30):
        case = make_case(home["north"], case_type=CaseType.DOMESTIC_ABUSE)
        da_incident(case, home["address"], days_ago(days), children_present=3)
    summary = summary_of(cast["officer_north"], home["child"])
    assert summary.da_incidents_12_months == 3
    assert summary.da_incidents_with_children_12_months == 0
    assert summary.da_children_present_12_months == 0
    assert summary.cumulative_risk is False


def test_registered_sex_offender_living_at_the_address(cast, home):
    lodger = make_person(
        home["north"], forename="Gary", surname="Pike", date_of_birth="1970-03-03", is_child=False
    )
    live_at(lodger, home["address"])
    flag(lodger, FlagKind.REGISTERED_SEX_OFFENDER)
    neighbour = make_person(
        home["north"], forename="Ann", surname="Lee", date_of_birth="1960-03-03", is_child=False
    )
    live_at(neighbour, make_address(home["north"], line1="5 Tanner Row", postcode="NM2 7QT"))
    flag(neighbour, FlagKind.REGISTERED_SEX_OFFENDER)
    summary = summary_of(cast["officer_north"], home["child"])
    assert [adult.person_id for adult in summary.risk_adults] == [lodger.pk]
    assert summary.risk_adults[0].how == ("lives at the same address",)
    # The address result says so too.
    result = lookup(cast["officer_north"], parse_lookup("3 Tanner Row"))
    assert any(
        line.kind == "risk_adult" and line.record_id == lodger.pk for line in result.addresses[0].lines
    )


def test_related_adult_who_is_a_suspect_in_a_child_abuse_case(cast, home):
    father = make_person(
        home["north"], forename="Lee", surname="Walsh", date_of_birth="1980-01-01", is_child=False
    )
    relate(father, RelationshipKind.PARENT, home["child"])
    other_child = make_person(home["north"], forename="Jo", surname="Bell", date_of_birth="2013-01-01")
    make_case(
        home["north"],
        case_type=CaseType.CP_ENQUIRY,
        children=[other_child],
        adults=[(father, ParticipantRole.SUSPECT)],
    )
    # A suspect in a burglary-type case would not count: only child-abuse case types do.
    summary = summary_of(cast["officer_north"], home["child"])
    assert [adult.person_id for adult in summary.risk_adults] == [father.pk]
    assert "Suspect in" in summary.risk_adults[0].why[0]


def test_adult_suspect_in_domestic_abuse_case_is_not_a_child_abuse_suspect(cast, home):
    father = make_person(
        home["north"], forename="Lee", surname="Walsh", date_of_birth="1980-01-01", is_child=False
    )
    relate(father, RelationshipKind.PARENT, home["child"])
    make_case(home["north"], case_type=CaseType.DOMESTIC_ABUSE, adults=[(father, ParticipantRole.SUSPECT)])
    assert summary_of(cast["officer_north"], home["child"]).risk_adults == []


def test_bail_protecting_the_child_and_expired_bail_not_shown(cast, home):
    case = make_case(home["north"], case_type=CaseType.CP_ENQUIRY, children=[home["child"]])
    inv = investigation(case, home["child"])
    bail(inv, home["child"], until="2026-07-01")
    bail(inv, home["child"], until="2026-06-14", conditions="Expired yesterday")
    summary = summary_of(cast["officer_north"], home["child"])
    assert summary.protective_bail == 1
    bail_lines = [line for line in summary.lines if line.kind == "protective_bail"]
    assert len(bail_lines) == 1 and "Expired" not in bail_lines[0].text
    assert summary.open_investigations == 1


def test_closed_investigation_is_not_open(cast, home):
    case = make_case(home["north"], case_type=CaseType.CP_ENQUIRY, children=[home["child"]])
    investigation(case, home["child"], opened=days_ago(60), closed=days_ago(5))
    assert summary_of(cast["officer_north"], home["child"]).open_investigations == 0


def test_summary_queries_do_not_grow_with_the_number_of_results(cast, home):
    north = home["north"]

    def build(n):
        for i in range(n):
            address = make_address(north, line1=f"{i + 20} Tanner Row", postcode="NM2 7QT")
            child = make_person(north, forename="Keira", surname="Walsh", date_of_birth="2012-05-01")
            live_at(child, address)
            case = make_case(north, case_type=CaseType.MISSING, children=[child])
            missing(case, child, days_ago(3), "high")
            da_incident(case, address, days_ago(5), 1)
            flag(child, FlagKind.CSE_RISK)

    viewer = cast["officer_north"]
    viewer.district_ids()
    # From a handful of results up (below it the typo fallback adds one statement).
    build(4)
    with CaptureQueriesContext(connection) as one:
        first = lookup(viewer, parse_lookup("Keira Walsh"))
    build(6)
    with CaptureQueriesContext(connection) as seven:
        second = lookup(viewer, parse_lookup("Keira Walsh"))
    assert len(first.people) == 5 and len(second.people) == 11
    assert len(seven.captured_queries) == len(one.captured_queries)
