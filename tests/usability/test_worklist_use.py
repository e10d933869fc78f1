"""Worklists that work (issue 25): pages, filters, order, due dates in words, late records
acknowledged rather than re-added, and nothing listed that no action can change."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from safeguarding.access.models import AccessEvent
from safeguarding.cases.vocabulary import CaseType
from safeguarding.standards.models import State, WorklistAcknowledgement
from safeguarding.standards.selectors import (
    WorklistDue,
    WorklistFilters,
    WorklistScope,
    WorklistSort,
    worklist_for,
)
from safeguarding.standards.wording import counted, due_in_words
from tests.factories import at, make_case, make_person, make_standard_result
from tests.signin import verified_client

pytestmark = pytest.mark.django_db
NOW = at("2026-03-20", "12:00")


@pytest.fixture(autouse=True)
def _frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


def _case(districts, cast, **fields):
    north = districts["north"]
    child = make_person(north, forename="Ada", surname="Worklist", date_of_birth="2015-01-01")
    fields.setdefault("officer_in_charge", cast["officer_north"])
    return make_case(north, children=[child], supervisor=cast["supervisor_north"], **fields)


def test_due_dates_read_in_words_with_proper_plurals():
    assert due_in_words(at("2026-03-17", "09:00"), now=NOW, overdue=True) == "overdue by 3 days"
    assert due_in_words(at("2026-03-19", "09:00"), now=NOW, overdue=True) == "overdue by 1 day"
    assert due_in_words(at("2026-03-21", "09:00"), now=NOW, overdue=False) == "due tomorrow"
    assert due_in_words(at("2026-03-25", "09:00"), now=NOW, overdue=False) == "due in 5 days"
    assert due_in_words(at("2026-03-20", "18:00"), now=NOW, overdue=False) == "due today at 18:00"
    assert counted(1, "incident") == "1 incident" and counted(2, "incident") == "2 incidents"
    assert counted(3, "child", "children") == "3 children"


def test_a_late_strategy_discussion_on_file_is_acknowledged_not_added_again(cast, districts):
    case = _case(districts, cast)
    late = make_standard_result(
        case,
        "STRATEGY",
        State.NOT_MET,
        due_at=at("2026-03-03"),
        evidence_type="cases.strategydiscussion",
        evidence_id="41",
        evidence_note="held after the deadline",
    )
    client = verified_client(cast["officer_north"])

    page = client.get(reverse("standards:worklist")).content.decode()
    assert "Recorded late" in page
    assert "Add the record" not in page  # no invitation to a duplicate discussion
    assert reverse("cases:entry", args=[case.pk, "strategydiscussion", 41]) in page
    acknowledge = reverse("standards:worklist_acknowledge", args=[late.pk])
    assert acknowledge in page

    response = client.post(acknowledge, {"next": reverse("standards:worklist")})

    assert response.status_code == 302
    assert WorklistAcknowledgement.objects.get().acknowledged_by == cast["officer_north"]
    assert worklist_for(cast["officer_north"]).total == 0
    assert worklist_for(cast["supervisor_north"], scope=WorklistScope.TEAM).total == 0
    event = AccessEvent.objects.get(actor_username="officer_north", action="update")
    assert event.detail == {"acknowledged": "STRATEGY", "record": "41"}


def test_a_missing_strategy_discussion_still_asks_for_the_record(cast, districts):
    case = _case(districts, cast)
    missing = make_standard_result(case, "STRATEGY", State.NOT_MET, due_at=at("2026-03-03"))

    page = verified_client(cast["officer_north"]).get(reverse("standards:worklist")).content.decode()

    assert "Add the record" in page and "Recorded late" not in page
    response = verified_client(cast["officer_north"]).post(
        reverse("standards:worklist_acknowledge", args=[missing.pk])
    )
    assert response.status_code == 404  # nothing on file to acknowledge


def test_another_districts_officer_cannot_acknowledge(cast, districts):
    case = _case(districts, cast)
    late = make_standard_result(
        case,
        "CUSTODY_ACCOMMODATION",
        State.NOT_MET,
        due_at=at("2026-03-03"),
        evidence_type="cases.custodydetention",
        evidence_id="5",
    )

    response = verified_client(cast["officer_south"]).post(
        reverse("standards:worklist_acknowledge", args=[late.pk])
    )

    assert response.status_code == 404
    assert not WorklistAcknowledgement.objects.exists()


def test_a_late_record_is_not_a_to_do(cast, districts):
    case = _case(districts, cast)
    make_standard_result(case, "TIMELY_RECORD", State.NOT_MET, due_at=at("2026-03-03"))
    make_standard_result(case, "DRIFT", State.NOT_MET, due_at=at("2026-03-03"))

    assert [item.standard_id for item in worklist_for(cast["officer_north"]).items] == ["DRIFT"]


@pytest.fixture
def many(cast, districts):
    """Sixty items: 40 drift items of officer_north (overdue 1..40 days), 20 demeanour items of
    supervisor_north's own cases on child protection enquiries (due soon)."""
    for day in range(1, 41):
        case = _case(districts, cast)
        make_standard_result(case, "DRIFT", State.NOT_MET, due_at=NOW - dt.timedelta(days=day))
    for hour in range(1, 21):
        case = _case(
            districts, cast, officer_in_charge=cast["supervisor_north"], case_type=CaseType.CP_ENQUIRY
        )
        make_standard_result(case, "DEMEANOUR", State.NOT_YET_DUE, due_at=NOW + dt.timedelta(hours=hour))


def test_the_team_list_comes_in_pages(cast, many):
    supervisor = cast["supervisor_north"]
    first = worklist_for(supervisor, scope=WorklistScope.TEAM, limit=25)
    third = worklist_for(supervisor, scope=WorklistScope.TEAM, limit=25, offset=50)

    assert first.total == third.total == 60
    assert len(first.items) == 25 and len(third.items) == 10
    assert not {i.result_id for i in first.items} & {i.result_id for i in third.items}


def test_the_team_list_filters_by_officer_standard_case_type_and_due(cast, many):
    supervisor = cast["supervisor_north"]

    def total(**filters):
        return worklist_for(supervisor, scope=WorklistScope.TEAM, filters=WorklistFilters(**filters)).total

    assert total(officer_id=cast["officer_north"].pk) == 40
    assert total(standard_id="DEMEANOUR") == 20
    assert total(case_type=CaseType.CP_ENQUIRY) == 20
    assert total(due=WorklistDue.OVERDUE) == 40
    assert total(due=WorklistDue.DUE_SOON) == 20
    assert total(officer_id=cast["officer_south"].pk) == 0


def test_the_list_sorts_by_longest_overdue(cast, many):
    work = worklist_for(cast["supervisor_north"], scope=WorklistScope.TEAM, sort=WorklistSort.DUE, limit=3)

    assert [item.due_words for item in work.items] == [
        "overdue by 40 days",
        "overdue by 39 days",
        "overdue by 38 days",
    ]


def test_the_page_filters_and_pages_from_the_query_string(cast, many):
    client = verified_client(cast["supervisor_north"])

    page = client.get(
        reverse("standards:worklist"), {"scope": "team", "due": "overdue", "sort": "due", "page": "1"}
    ).content.decode()

    assert "1 to 40 of 40 items" in page
    assert "Overdue by 40 days" in page
    second = client.get(reverse("standards:worklist"), {"scope": "team", "page": "2"}).content.decode()
    assert "51 to 60 of 60 items" in second and "Page 2 of 2" in second
    odd = client.get(reverse("standards:worklist"), {"scope": "team", "officer": "999999", "page": "x"})
    assert odd.status_code == 200  # an officer not offered, a page that is no number: ignored
