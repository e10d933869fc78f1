"""Every entry form rejects bad input with the field named, and saves nothing."""

import json

import pytest
import time_machine
from django.urls import reverse

from safeguarding.access.models import AccessAction, AccessEvent
from safeguarding.cases import models as m
from safeguarding.cases.models import ENTRY_MODELS
from safeguarding.cases.timeline import entry_kind
from safeguarding.cases.vocabulary import OffenceCategory, OutcomeCategory, ParticipantRole
from tests.cases.scene import entry
from tests.factories import at, make_case, make_person

pytestmark = pytest.mark.django_db
NOW = "2026-04-01T10:00:00+01:00"


@pytest.fixture
def case(districts, cast):
    child = make_person(districts["north"], forename="Amelia", surname="Hartley")
    adult = make_person(
        districts["north"], forename="Darren", surname="Hartley", date_of_birth="1985-01-20", is_child=False
    )
    return make_case(
        districts["north"], reported="2026-03-01", children=[child], adults=[(adult, ParticipantRole.SUSPECT)]
    )


def child_of(case):
    return case.participants.get(role=ParticipantRole.SUBJECT_CHILD).person


def post(client, case, kind, data, entry_id=None):
    url = (
        reverse("cases:entry_edit", args=[case.pk, kind, entry_id])
        if entry_id
        else reverse("cases:entry_add", args=[case.pk, kind])
    )
    with time_machine.travel(NOW, tick=False):
        return client.post(url, data)


T = "2026-03-02T21:00"
EARLIER = "2026-03-02T20:00"
LATER = "2026-03-02T23:00"

# (kind, data without child, the field that must carry the error)
BAD = [
    (
        "incident",
        {"occurred_at": "2026-05-01T10:00", "kind": "domestic_abuse", "children_present": 1},
        "occurred_at",
    ),
    (
        "incident",
        {"occurred_at": T, "attended_at": EARLIER, "kind": "domestic_abuse", "children_present": 1},
        "attended_at",
    ),
    ("incident", {"occurred_at": T, "kind": "not_a_kind", "children_present": 1}, "kind"),
    ("riskassessment", {"occurred_at": T, "tool": "dash", "grade": "low"}, "grade"),
    ("riskassessment", {"occurred_at": T, "tool": "missing", "grade": "standard"}, "grade"),
    ("riskassessment", {"occurred_at": T, "tool": "dash", "grade": "medium", "yes_answers": 14}, "grade"),
    ("riskassessment", {"occurred_at": T, "tool": "dash", "grade": "high", "yes_answers": 30}, "yes_answers"),
    (
        "referral",
        {"occurred_at": T, "concern_at": EARLIER, "agency": "csc", "outcome": "nfa"},
        "outcome_received_at",
    ),
    ("referral", {"occurred_at": EARLIER, "concern_at": T, "agency": "csc"}, "occurred_at"),
    ("strategydiscussion", {"occurred_at": EARLIER, "harm_suspected_at": T}, "occurred_at"),
    ("meeting", {"occurred_at": T, "kind": "icpc", "attended": "false"}, "non_attendance_reason"),
    ("investigation", {"occurred_at": T, "offence_category": "physical", "closed_at": EARLIER}, "closed_at"),
    ("policeprotection", {"occurred_at": T, "ended_at": EARLIER}, "ended_at"),
    ("custodydetention", {"occurred_at": T, "offence": "Theft", "released_at": EARLIER}, "released_at"),
    (
        "custodydetention",
        {
            "occurred_at": T,
            "offence": "Theft",
            "appropriate_adult_requested_at": LATER,
            "appropriate_adult_arrived_at": T,
        },
        "appropriate_adult_arrived_at",
    ),
    (
        "custodydetention",
        {"occurred_at": T, "offence": "Theft", "appropriate_adult_arrived_at": LATER},
        "appropriate_adult_requested_at",
    ),
    ("custodydetention", {"occurred_at": T, "offence": "Theft", "secure_requested": "on"}, "secure_reason"),
    ("missingepisode", {"occurred_at": T, "returned_at": EARLIER}, "returned_at"),
    ("missingepisode", {"occurred_at": T, "risk_grade": "low"}, "graded_at"),
    ("missingepisode", {"occurred_at": T, "risk_grade": "standard", "graded_at": T}, "risk_grade"),
    ("missingepisode", {"occurred_at": T, "seen_alone": "no"}, "seen_alone_reason"),
    (
        "demeanourrecord",
        {"occurred_at": T, "demeanour": "withdrawn", "seen_alone": "no"},
        "seen_alone_reason",
    ),
    ("childview", {"occurred_at": T}, "views"),
    ("childview", {"occurred_at": T, "views": "Scared", "themes": ["not_a_theme"]}, "themes"),
    ("protectiveorder", {"occurred_at": T, "kind": "cawn", "decision": "considered_not_used"}, "reason"),
    ("informedofdecision", {"occurred_at": T}, "decision"),
    ("casenote", {"occurred_at": T, "kind": "decision"}, "text"),
]


@pytest.mark.parametrize("kind, data, field", BAD, ids=[f"{k}-{f}" for k, _, f in BAD])
def test_bad_input_names_the_field_and_saves_nothing(client_for, case, kind, data, field):
    model = next(model for model in ENTRY_MODELS if entry_kind(model) == kind)
    data = {"child": child_of(case).pk, **data}
    response = post(client_for("officer_north"), case, kind, data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors, errors
    assert "Nothing has been saved" in response.content.decode()
    assert not model.objects.exists()
    assert not AccessEvent.objects.filter(action=AccessAction.CREATE).exists()


@pytest.mark.parametrize("model", [m for m in ENTRY_MODELS if m.child_required], ids=entry_kind)
def test_child_is_required_where_the_entry_is_about_one_child(client_for, case, model):
    response = post(client_for("officer_north"), case, entry_kind(model), {"occurred_at": T})
    assert "child" in response.context["form"].errors


def test_child_must_be_one_of_the_cases_children(client_for, case, districts):
    stranger = make_person(districts["north"], forename="Ruby", surname="Other")
    response = post(
        client_for("officer_north"), case, "childview", {"occurred_at": T, "child": stranger.pk, "views": "x"}
    )
    assert "child" in response.context["form"].errors
    assert not m.ChildView.objects.exists()


def test_linked_records_must_belong_to_the_case(client_for, case, districts):
    other_case = make_case(districts["north"], children=[child_of(case)])
    foreign = entry(m.Investigation, other_case, at("2026-03-02"), offence_category=OffenceCategory.PHYSICAL)
    response = post(
        client_for("officer_north"),
        case,
        "investigationstep",
        {"occurred_at": T, "investigation": foreign.pk, "kind": "update"},
    )
    assert "investigation" in response.context["form"].errors


def test_second_outcome_for_a_child_is_refused_at_the_field(client_for, case):
    entry(
        m.ChildOutcome,
        case,
        at("2026-03-03"),
        child=child_of(case),
        category=OutcomeCategory.REMOVED_FROM_HARM,
    )
    response = post(
        client_for("officer_north"),
        case,
        "childoutcome",
        {"occurred_at": T, "child": child_of(case).pk, "category": "offender_charged"},
    )
    assert "child" in response.context["form"].errors
    assert m.ChildOutcome.objects.count() == 1


def test_valid_entry_is_saved_and_logged_with_field_names_only(client_for, cast, case):
    data = {
        "occurred_at": T,
        "child": child_of(case).pk,
        "views": "I want to live with my nan",
        "themes": ["wants_to_leave_home", "wants_help"],
    }
    response = post(client_for("officer_north"), case, "childview", data)
    assert response.status_code == 302
    view = m.ChildView.objects.get()
    assert view.recorded_by == cast["officer_north"]
    assert view.themes == ["wants_to_leave_home", "wants_help"]
    assert view.recorded_at > view.occurred_at
    event = AccessEvent.objects.get(action=AccessAction.CREATE)
    assert (event.object_type, event.object_id, event.district_id) == (
        "child_view",
        str(view.pk),
        case.district_id,
    )
    assert "views" in event.detail["fields"] and "themes" in event.detail["fields"]
    assert "nan" not in json.dumps(event.detail)


def test_edit_logs_changed_fields_and_keeps_the_original_recorder(client_for, cast, case):
    original = entry(
        m.Incident,
        case,
        at("2026-03-02", "21:00"),
        kind="domestic_abuse",
        children_present=1,
        recorded_by=cast["officer_north"],
    )
    data = {
        "occurred_at": T,
        "kind": "domestic_abuse",
        "children_present": 3,
        "description": "Door kicked in",
    }
    response = post(client_for("supervisor_north"), case, "incident", data, entry_id=original.pk)
    assert response.status_code == 302
    original.refresh_from_db()
    assert original.children_present == 3 and original.recorded_by == cast["officer_north"]
    event = AccessEvent.objects.get(action=AccessAction.UPDATE)
    assert event.actor_username == "supervisor_north"
    assert event.detail["fields"] == ["children_present", "description"]
    assert "Door" not in json.dumps(event.detail)


def test_refused_edit_writes_nothing(client_for, case):
    original = entry(m.Incident, case, at("2026-03-02", "21:00"), kind="domestic_abuse", children_present=1)
    response = post(
        client_for("officer_north"),
        case,
        "incident",
        {"occurred_at": T, "attended_at": EARLIER, "kind": "domestic_abuse", "children_present": 1},
        entry_id=original.pk,
    )
    assert "attended_at" in response.context["form"].errors
    # Nothing written; the form shown again with the entry is a consultation.
    assert list(AccessEvent.objects.values_list("action", flat=True)) == [AccessAction.VIEW]


def test_unknown_kind_and_other_districts_are_not_found(client_for, case, districts):
    client = client_for("officer_north")
    assert client.get(reverse("cases:entry_add", args=[case.pk, "nonsense"])).status_code == 404
    south = make_case(districts["south"])
    assert client.get(reverse("cases:entry_add", args=[south.pk, "incident"])).status_code == 404
    assert (
        post(client, south, "casenote", {"occurred_at": T, "kind": "general", "text": "x"}).status_code == 404
    )
    assert not m.CaseNote.objects.exists()


@pytest.mark.parametrize("model", ENTRY_MODELS, ids=entry_kind)
def test_every_kind_has_an_add_page(client_for, case, model):
    response = client_for("safeguarding_unit").get(
        reverse("cases:entry_add", args=[case.pk, entry_kind(model)])
    )
    assert response.status_code == 200
    assert 'name="occurred_at_day"' in response.content.decode()  # the GOV.UK day/month/year boxes
