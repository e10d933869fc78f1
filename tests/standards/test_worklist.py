"""Worklists: what is each officer's to do, most urgent first, and never another district's."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from safeguarding.access.models import AccessEvent
from safeguarding.cases.vocabulary import CaseType
from safeguarding.standards.models import State, WorklistAcknowledgement
from safeguarding.standards.selectors import (
    SEVERITY,
    WorklistScope,
    _severity_and_timing,
    _worklist_results,
    age_factor,
    priority_score,
    worklist_for,
)
from tests.factories import at, make_case, make_person, make_standard_result

NOW = "2026-03-20 12:00"
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen_clock():
    with time_machine.travel(at("2026-03-20", "12:00"), tick=False):
        yield


def _child(district, forename, born):
    return make_person(district, forename=forename, surname="Worklist", date_of_birth=born)


def _ids(work):
    return [(item.standard_id, item.case_reference) for item in work.items]


def test_drifting_investigation_of_a_4_year_old_outranks_a_late_demeanour_note(cast, districts):
    north, officer = districts["north"], cast["officer_north"]
    toddler = _child(north, "Poppy", "2021-11-02")  # 4 on the frozen date
    teenager = _child(north, "Kyle", "2010-06-15")  # 15
    drifting = make_case(north, case_type=CaseType.CP_ENQUIRY, children=[toddler], officer_in_charge=officer)
    da_case = make_case(north, children=[teenager], officer_in_charge=officer)
    # The demeanour note is far later than the drift: ordering by due date alone would put it first.
    make_standard_result(da_case, "DEMEANOUR", State.NOT_MET, child=teenager, due_at=at("2026-02-28"))
    make_standard_result(drifting, "DRIFT", State.NOT_MET, due_at=at("2026-03-19"))

    work = worklist_for(officer)

    assert _ids(work) == [("DRIFT", drifting.reference), ("DEMEANOUR", da_case.reference)]
    drift, demeanour = work.items
    assert drift.child_age == 4  # the case-level result takes the youngest child on the case
    assert demeanour.child_name == "Kyle Worklist" and demeanour.child_age == 15
    assert demeanour.days_overdue == 20
    assert drift.score > demeanour.score


def test_younger_child_first_when_standard_and_lateness_are_equal(cast, districts):
    north, officer = districts["north"], cast["officer_north"]
    older = make_case(north, children=[_child(north, "Ava", "2009-01-01")], officer_in_charge=officer)
    younger = make_case(north, children=[_child(north, "Mia", "2023-01-01")], officer_in_charge=officer)
    make_standard_result(older, "DRIFT", State.NOT_MET, due_at=at("2026-03-10"))
    make_standard_result(younger, "DRIFT", State.NOT_MET, due_at=at("2026-03-10"))

    assert [item.case_reference for item in worklist_for(officer).items] == [
        younger.reference,
        older.reference,
    ]


def test_longer_overdue_first_when_standard_and_age_are_equal(cast, districts):
    north, officer = districts["north"], cast["officer_north"]
    child = _child(north, "Leo", "2014-05-05")
    recent = make_case(north, children=[child], officer_in_charge=officer)
    old = make_case(north, children=[child], officer_in_charge=officer)
    make_standard_result(recent, "DEMEANOUR", State.NOT_MET, child=child, due_at=at("2026-03-18"))
    make_standard_result(old, "DEMEANOUR", State.NOT_MET, child=child, due_at=at("2026-02-01"))

    assert [item.case_reference for item in worklist_for(officer).items] == [old.reference, recent.reference]


def test_due_soon_is_listed_after_overdue_and_met_or_far_off_items_are_not(cast, districts):
    north, officer = districts["north"], cast["officer_north"]
    child = _child(north, "Isla", "2016-02-02")
    case = make_case(north, case_type=CaseType.CP_ENQUIRY, children=[child], officer_in_charge=officer)
    make_standard_result(case, "DRIFT", State.NOT_YET_DUE, due_at=at("2026-03-22"))  # in 2 days
    make_standard_result(case, "SUPERVISION", State.NOT_MET, due_at=at("2026-03-19"))
    make_standard_result(case, "LONG_RUNNING", State.NOT_YET_DUE, due_at=at("2026-04-30"))  # far off
    make_standard_result(case, "VOICE", State.MET, child=child)
    make_standard_result(case, "CUSTODY_ACCOMMODATION", State.NOT_APPLICABLE)

    work = worklist_for(officer)
    assert [item.standard_id for item in work.items] == ["SUPERVISION", "DRIFT"]
    assert work.items[1].is_overdue is False

    wider = worklist_for(officer, due_soon_days=60)
    assert [item.standard_id for item in wider.items] == ["SUPERVISION", "DRIFT", "LONG_RUNNING"]


def test_a_late_record_on_file_leaves_the_worklist_but_a_missing_one_stays(cast, districts):
    north, officer = districts["north"], cast["officer_north"]
    child = _child(north, "Noah", "2016-03-03")
    done_late = make_case(north, children=[child], officer_in_charge=officer)
    missing = make_case(north, children=[child], officer_in_charge=officer)
    make_standard_result(
        done_late,
        "DEMEANOUR",
        State.NOT_MET,
        child=child,
        due_at=at("2026-03-01"),
        evidence_type="cases.demeanourrecord",
        evidence_id="41",
        evidence_note="recorded 50 h after the incident",
    )
    make_standard_result(missing, "DEMEANOUR", State.NOT_MET, child=child, due_at=at("2026-03-01"))

    assert _ids(worklist_for(officer)) == [("DEMEANOUR", missing.reference)]


def test_a_closed_case_leaves_the_worklist_unless_a_record_can_still_be_added(cast, districts):
    """A breach on a closed case cannot be put right (VOICE was due before closure), so it is not
    worth an officer's time; an outcome missing at closure can still be recorded."""
    north, officer = districts["north"], cast["officer_north"]
    child = _child(north, "Ada", "2014-06-01")
    closed = make_case(north, children=[child], officer_in_charge=officer, closed_at=at("2026-03-10"))
    make_standard_result(closed, "VOICE", State.NOT_MET, child=child, due_at=at("2026-03-10"))
    make_standard_result(closed, "OUTCOME", State.NOT_MET, child=child, due_at=at("2026-03-10"))

    assert _ids(worklist_for(officer)) == [("OUTCOME", closed.reference)]


def test_priority_score_follows_the_documented_formula():
    now = at("2026-03-20", "12:00")
    score = priority_score(
        standard_id="DRIFT", state=State.NOT_MET, due_at=at("2026-03-19", "12:00"), age=4, now=now
    )
    assert score == pytest.approx(10 * (1 + 14 / 18) * (1 + 1 / 30))
    capped = priority_score(
        standard_id="DEMEANOUR", state=State.NOT_MET, due_at=at("2025-01-01"), age=None, now=now
    )
    assert capped == pytest.approx(SEVERITY["DEMEANOUR"] * 1.5 * 4)
    assert SEVERITY["DEMEANOUR"] < SEVERITY["DRIFT"]
    assert age_factor(0) == 2 and age_factor(18) == 1 and age_factor(25) == 1


@pytest.fixture
def many_items(cast, districts):
    north, officer = districts["north"], cast["officer_north"]
    standards = ["DRIFT", "DEMEANOUR", "SUPERVISION", "VOICE", "CUSTODY_ACCOMMODATION", "UNKNOWN_ID"]
    births = ["2024-01-01", "2019-06-01", "2012-03-03", "2008-09-09", None]
    for index in range(30):
        child = _child(north, f"Kid{index}", births[index % len(births)])
        case = make_case(north, children=[child], officer_in_charge=officer)
        state = State.NOT_YET_DUE if index % 7 == 0 else State.NOT_MET
        due = (
            at("2026-03-24")
            if state == State.NOT_YET_DUE
            else at("2026-03-20") - dt.timedelta(days=index * 5)
        )
        per_child = index % 2 == 0
        make_standard_result(
            case, standards[index % len(standards)], state, child=child if per_child else None, due_at=due
        )
    return officer


def test_the_database_ranks_by_the_same_severity_and_timing_as_the_formula(many_items):
    now = at("2026-03-20", "12:00")
    ranked = _worklist_results(many_items, WorklistScope.MINE, now, 7).annotate(
        partial=_severity_and_timing(now, 7)
    )
    for standard_id, state, due_at, partial in ranked.values_list(
        "standard_id", "state", "due_at", "partial"
    ):
        expected = priority_score(standard_id=standard_id, state=state, due_at=due_at, age=18, now=now)
        assert partial == pytest.approx(expected, rel=1e-6)


def test_a_narrow_window_widens_until_the_order_is_exact(many_items, monkeypatch):
    from safeguarding.standards import selectors

    everything = [item.result_id for item in worklist_for(many_items, limit=1000).items]
    monkeypatch.setattr(selectors, "MIN_WINDOW", 1)
    for limit in (1, 3, 7):
        top = worklist_for(many_items, limit=limit)
        assert [item.result_id for item in top.items] == everything[:limit]
        assert top.total == len(everything) and top.truncated


def test_officer_sees_only_their_own_items(cast, districts):
    north = districts["north"]
    child = _child(north, "Ruby", "2015-01-01")
    mine = make_case(north, children=[child], officer_in_charge=cast["officer_north"])
    supervisors = make_case(north, children=[child], officer_in_charge=cast["supervisor_north"])
    make_standard_result(mine, "DEMEANOUR", State.NOT_MET, child=child, due_at=at("2026-03-10"))
    make_standard_result(supervisors, "DEMEANOUR", State.NOT_MET, child=child, due_at=at("2026-03-10"))
    make_standard_result(mine, "VOICE", State.NOT_MET, child=child, due_at=at("2026-03-10"), owner=None)

    assert _ids(worklist_for(cast["officer_north"])) == [("DEMEANOUR", mine.reference)]


def test_supervisor_team_tab_shows_district_and_supervised_cases_never_another_district(cast, districts):
    north, south = districts["north"], districts["south"]
    north_child, south_child = _child(north, "Amy", "2014-01-01"), _child(south, "Ben", "2014-01-01")
    north_case = make_case(
        north,
        children=[north_child],
        officer_in_charge=cast["officer_north"],
        supervisor=cast["supervisor_north"],
    )
    # A south case that names supervisor_north (a data error or a transfer): still out of scope.
    south_case = make_case(
        south,
        children=[south_child],
        officer_in_charge=cast["officer_south"],
        supervisor=cast["supervisor_north"],
    )
    make_standard_result(north_case, "DRIFT", State.NOT_MET, due_at=at("2026-03-01"))
    make_standard_result(south_case, "DRIFT", State.NOT_MET, due_at=at("2026-03-01"))

    team = worklist_for(cast["supervisor_north"], scope=WorklistScope.TEAM)
    assert _ids(team) == [("DRIFT", north_case.reference)]
    assert team.items[0].owner_name == "Officer Test"
    # Mine: a supervisor owns few items; the cases they supervise are theirs (issue 25), but
    # never one out of their scope.
    assert _ids(worklist_for(cast["supervisor_north"])) == [("DRIFT", north_case.reference)]
    assert _ids(worklist_for(cast["supervisor_south"], scope=WorklistScope.TEAM)) == [
        ("DRIFT", south_case.reference)
    ]
    assert _ids(worklist_for(cast["officer_north"], scope=WorklistScope.TEAM)) == [
        ("DRIFT", north_case.reference)
    ]
    assert _ids(worklist_for(cast["officer_south"])) == [("DRIFT", south_case.reference)]


def test_worklist_page_lists_items_with_child_case_and_action(cast, districts, client_for):
    north = districts["north"]
    child = _child(north, "Grace", "2018-07-07")
    case = make_case(north, children=[child], officer_in_charge=cast["officer_north"])
    result = make_standard_result(case, "DEMEANOUR", State.NOT_MET, child=child, due_at=at("2026-03-15"))

    response = client_for("officer_north").get(reverse("standards:worklist"))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Grace Worklist" in page and case.reference in page
    assert f'data-result="{result.pk}"' in page
    assert "Overdue by 5 days" in page
    assert "?scope=team" not in page  # officers have no team tab
    event = AccessEvent.objects.filter(actor_id=cast["officer_north"].pk, object_type="worklist").get()
    assert event.detail["cases"] == [case.pk]


def test_team_tab_is_refused_to_an_officer_and_shown_to_a_supervisor(cast, districts, client_for):
    north = districts["north"]
    case = make_case(north, officer_in_charge=cast["officer_north"], supervisor=cast["supervisor_north"])
    make_standard_result(case, "DRIFT", State.NOT_MET, due_at=at("2026-03-01"))

    assert (
        client_for("officer_north").get(reverse("standards:worklist"), {"scope": "team"}).status_code == 403
    )
    response = client_for("supervisor_north").get(reverse("standards:worklist"), {"scope": "team"})
    assert response.status_code == 200
    assert case.reference in response.content.decode()
    assert (
        case.reference
        not in client_for("supervisor_south")
        .get(reverse("standards:worklist"), {"scope": "team"})
        .content.decode()
    )


def test_pcc_analyst_has_no_worklist(cast, client_for):
    assert client_for("pcc_analyst").get(reverse("standards:worklist")).status_code == 403


@pytest.fixture
def crowded_team(cast, districts):
    """A north team list with ties everywhere: shared due dates, items overdue past the 90-day
    cap, no due date, case-level results (the youngest child weighs), unknown ages and an ID
    outside the catalogue; and a south item that must never show."""
    north, south = districts["north"], districts["south"]
    standards = ["DRIFT", "DEMEANOUR", "VOICE", "STRATEGY", "UNKNOWN_ID", "INFORMED"]
    births = ["2026-01-01", "2019-06-01", "2012-03-03", "2008-09-09", None]
    for index in range(72):
        child = _child(north, f"Crowd{index}", births[index % len(births)])
        sibling = _child(north, f"Sib{index}", births[(index + 2) % len(births)])
        case = make_case(
            north,
            children=[child, sibling],
            officer_in_charge=cast["officer_north"] if index % 3 else cast["supervisor_north"],
            case_type=CaseType.DOMESTIC_ABUSE if index % 4 == 0 else CaseType.CP_ENQUIRY,
        )
        if index % 9 == 0:
            state, due = State.NOT_YET_DUE, at("2026-03-20") + dt.timedelta(days=index % 8)
        elif index % 11 == 0:
            state, due = State.NOT_MET, None
        else:
            state, due = State.NOT_MET, at("2026-03-20") - dt.timedelta(days=(index % 6) * 40)
        make_standard_result(
            case, standards[index % len(standards)], state, child=child if index % 2 else None, due_at=due
        )
        if index in (5, 13):  # acknowledged: off the list and out of its count
            WorklistAcknowledgement.objects.create(
                case=case,
                standard_id=standards[index % len(standards)],
                evidence_type="",
                evidence_id="",
                acknowledged_by=cast["supervisor_north"],
                acknowledged_at=at("2026-03-19"),
            )
    south_case = make_case(south, children=[_child(south, "Away", "2025-01-01")])
    make_standard_result(south_case, "DRIFT", State.NOT_MET, due_at=at("2025-01-01"))
    return cast["supervisor_north"]


@pytest.mark.parametrize(
    "filters",
    [
        None,
        {"due": "overdue", "case_type": CaseType.DOMESTIC_ABUSE},
        {"due": "due_soon"},
        {"standard_id": "DRIFT"},
        {"standard_id": "UNKNOWN_ID"},
    ],
)
@pytest.mark.parametrize("chunk", [1, 50])
def test_team_list_read_by_class_holds_the_same_items_in_the_same_order_as_scoring_them_all(
    crowded_team, monkeypatch, filters, chunk
):
    from safeguarding.standards import selectors

    supervisor = crowded_team
    chosen = selectors.WorklistFilters(**(filters or {}))
    now = at("2026-03-20", "12:00")
    results = _worklist_results(supervisor, WorklistScope.TEAM, now, 7, chosen)
    everything, total = selectors._most_urgent(results, now=now, due_soon_days=7, limit=10_000)
    assert total == len(everything) and total > 0
    if filters is None:  # the two acknowledged items are left out
        assert total == 70
    monkeypatch.setattr(selectors, "CLASS_CHUNK", chunk)
    for offset in (0, 5, 50, total + 10):
        page = worklist_for(supervisor, scope=WorklistScope.TEAM, filters=chosen, limit=5, offset=offset)
        shown = min(offset, max(total - 1, 0))
        assert [item.result_id for item in page.items] == [row[2] for row in everything[shown : shown + 5]]
        assert page.total == total
