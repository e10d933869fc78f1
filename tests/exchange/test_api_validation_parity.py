"""Issue 12: the API refuses, field by field with the field named, everything the page forms
refuse. Each case is sent to the API and given to the form with the same values: both must
refuse the same field. The rules themselves live once (people/validators.py,
cases/validators.py)."""

import pytest
from django import forms
from rest_framework.test import APIClient

from safeguarding.access.models import AccessAction, AccessEvent
from safeguarding.cases.forms import CaseForm, entry_form_class
from safeguarding.cases.models import ENTRY_MODELS, ChildOutcome
from safeguarding.cases.validators import FREE_TEXT_MAX_LENGTH
from safeguarding.exchange.formats import entry_entity_name
from safeguarding.force.models import District
from safeguarding.people.forms import FlagForm, PersonForm
from tests.factories import at, make_person
from tests.problems import refused_fields
from tests.scope_scene import build_scene

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.exchange.urls")]

ENTRY_BY_NAME = {entry_entity_name(model): model for model in ENTRY_MODELS}
WHEN = "2026-03-04T09:30:00Z"
FUTURE = "2099-01-01T09:00:00Z"


def person(**values):
    return lambda s: {"forename": "Ada", "surname": "Lee", "district": s["districts"]["north"].code, **values}


def flag(**values):
    return lambda s: {
        "person": s["child_north"].pk,
        "kind": "repeat_missing",
        "starts_on": "2026-01-01",
        **values,
    }


def case(**values):
    return lambda s: {
        "reference": "API-2",
        "case_type": "domestic_abuse",
        "district": s["districts"]["north"].code,
        "first_reported_at": WHEN,
        **values,
    }


def entry(**values):
    def build(s):
        resolved = {k: (v(s) if callable(v) else v) for k, v in values.items()}
        return {"case": s["case_north"].pk, "occurred_at": WHEN, **resolved}

    return build


def child(s):
    return s["child_north"].pk


# (id, API collection, payload(scene), the field both must refuse)
RULES = [
    ("dob-in-the-future", "people", person(date_of_birth="2099-01-01", is_child=True), "date_of_birth"),
    ("dob-in-year-0001", "people", person(date_of_birth="0001-01-01", is_child=False), "date_of_birth"),
    ("dob-over-120-years", "people", person(date_of_birth="1890-06-01", is_child=False), "date_of_birth"),
    ("born-2020-marked-adult", "people", person(date_of_birth="2020-01-01", is_child=False), "is_child"),
    ("born-1980-marked-child", "people", person(date_of_birth="1980-01-01", is_child=True), "is_child"),
    ("forename-too-long", "people", person(forename="A" * 101), "forename"),
    ("phone-too-long", "people", person(phone="0" * 21), "phone"),
    ("cp-plan-without-category", "flags", flag(kind="cp_plan"), "cp_category"),
    ("category-on-another-flag", "flags", flag(cp_category="neglect"), "cp_category"),
    ("flag-starts-in-the-future", "flags", flag(starts_on="2099-01-01"), "starts_on"),
    ("flag-ends-before-it-starts", "flags", flag(starts_on="2026-01-05", ends_on="2026-01-01"), "ends_on"),
    ("flag-details-too-long", "flags", flag(details="x" * 301), "details"),
    ("case-reported-in-the-future", "cases", case(first_reported_at=FUTURE), "first_reported_at"),
    ("case-summary-2mb", "cases", case(summary="x" * 2_000_000), "summary"),
    ("case-summary-over-the-cap", "cases", case(summary="x" * (FREE_TEXT_MAX_LENGTH + 1)), "summary"),
    ("incident-in-the-future", "entries/incidents", entry(kind="other", occurred_at=FUTURE), "occurred_at"),
    (
        "incident-attended-before-report",
        "entries/incidents",
        entry(kind="other", attended_at="2026-03-04T08:00:00Z"),
        "attended_at",
    ),
    (
        "incident-description-over-the-cap",
        "entries/incidents",
        entry(kind="other", description="x" * (FREE_TEXT_MAX_LENGTH + 1)),
        "description",
    ),
    (
        "grade-not-of-the-tool",
        "entries/risk-assessments",
        entry(tool="dash", grade="no_apparent_risk"),
        "grade",
    ),
    (
        "dash-over-27-answers",
        "entries/risk-assessments",
        entry(tool="dash", grade="high", yes_answers=30),
        "yes_answers",
    ),
    (
        "dash-14-yes-not-high",
        "entries/risk-assessments",
        entry(tool="dash", grade="standard", yes_answers=15),
        "grade",
    ),
    (
        "referral-outcome-without-date",
        "entries/referrals",
        entry(concern_at="2026-03-03T09:00:00Z", outcome="nfa"),
        "outcome_received_at",
    ),
    (
        "referral-before-concern",
        "entries/referrals",
        entry(concern_at="2026-03-05T09:00:00Z"),
        "occurred_at",
    ),
    (
        "meeting-not-attended-without-reason",
        "entries/meetings",
        entry(kind="icpc", attended=False),
        "non_attendance_reason",
    ),
    (
        "bail-without-date",
        "entries/investigation-steps",
        entry(kind="bail", investigation=lambda s: s["investigation_north"].pk),
        "bail_until",
    ),
    (
        "step-before-investigation",
        "entries/investigation-steps",
        entry(
            kind="update",
            occurred_at="2026-03-03T08:00:00Z",
            investigation=lambda s: s["investigation_north"].pk,
        ),
        "occurred_at",
    ),
    (
        "s136-without-place-of-safety",
        "entries/custody-detentions",
        entry(child=child, offence="Criminal damage", under_s136=True),
        "place_of_safety",
    ),
    (
        "missing-graded-without-time",
        "entries/missing-episodes",
        entry(child=child, risk_grade="high"),
        "graded_at",
    ),
    (
        "order-not-used-without-reason",
        "entries/protective-orders",
        entry(kind="cawn", decision="considered_not_used"),
        "reason",
    ),
    (
        "not-seen-alone-without-reason",
        "entries/demeanour-records",
        entry(child=child, demeanour="calm", seen_alone="no"),
        "seen_alone_reason",
    ),
    ("views-without-views-or-reason", "entries/child-views", entry(child=child, views=""), "views"),
    ("child-entry-without-child", "entries/child-views", entry(views="Fine."), "child"),
    (
        "child-not-on-the-case",
        "entries/child-views",
        entry(child=lambda s: s["not_on_case"].pk, views="Fine."),
        "child",
    ),
    (
        "second-outcome-for-a-child",
        "entries/child-outcomes",
        entry(child=child, category="removed_from_harm"),
        "child",
    ),
]


@pytest.fixture
def scene(cast, districts):
    s = build_scene(cast, districts)
    s["not_on_case"] = make_person(
        districts["north"], forename="Noah", surname="Field", date_of_birth="2016-01-01"
    )
    ChildOutcome.objects.create(
        case=s["case_north"],
        child=s["child_north"],
        occurred_at=at("2026-03-05"),
        category="protected_by_plan",
    )
    return s


@pytest.fixture
def north(cast):
    client = APIClient()
    client.force_authenticate(cast["officer_north"])
    return client


def _form_for(collection: str, data: dict, scene):
    viewer = scene["cast"]["officer_north"]
    if collection == "people":
        form_class = PersonForm
        kwargs = {"viewer": viewer}
    elif collection == "flags":
        form_class, kwargs = FlagForm, {}
    elif collection == "cases":
        form_class, kwargs = CaseForm, {"viewer": viewer}
    else:
        form_class = entry_form_class(ENTRY_BY_NAME[collection.removeprefix("entries/").replace("-", "_")])
        kwargs = {"case": scene["case_north"]}
    values = {}
    for name, value in data.items():
        field = form_class.base_fields.get(name)
        if field is None or value is None:
            continue
        if name == "district":
            value = District.objects.get(code=value).pk  # the API names it by code, the form by id
        if isinstance(field, forms.NullBooleanField):
            values[name] = "true" if value else "false"
        elif isinstance(field, forms.BooleanField):
            if value:
                values[name] = "on"
        else:
            values[name] = str(value)
    return form_class(values, **kwargs)


@pytest.mark.parametrize(
    ("collection", "payload", "field"), [r[1:] for r in RULES], ids=[r[0] for r in RULES]
)
def test_the_api_refuses_what_the_form_refuses(north, scene, collection, payload, field):
    data = payload(scene)
    events = AccessEvent.objects.filter(action__in=[AccessAction.CREATE, AccessAction.UPDATE]).count()

    response = north.post(f"/api/v1/{collection}/", data, format="json")
    form = _form_for(collection, data, scene)

    assert response.status_code == 400, response.content
    assert field in refused_fields(response), response.json()
    assert not form.is_valid()
    assert field in form.errors, form.errors
    assert AccessEvent.objects.filter(action__in=[AccessAction.CREATE, AccessAction.UPDATE]).count() == events


PATCHES = [
    (
        "child-marked-adult",
        lambda s: f"/api/v1/people/{s['child_north'].pk}/",
        {"is_child": False},
        "is_child",
    ),
    (
        "dob-moved-to-2099",
        lambda s: f"/api/v1/people/{s['child_north'].pk}/",
        {"date_of_birth": "2099-01-01"},
        "date_of_birth",
    ),
    (
        "summary-2mb",
        lambda s: f"/api/v1/cases/{s['case_north'].pk}/",
        {"summary": "x" * 2_000_000},
        "summary",
    ),
    (
        "case-reported-in-the-future",
        lambda s: f"/api/v1/cases/{s['case_north'].pk}/",
        {"first_reported_at": FUTURE},
        "first_reported_at",
    ),
    (
        "incident-moved-to-the-future",
        lambda s: f"/api/v1/entries/incidents/{s['incident_north'].pk}/",
        {"occurred_at": FUTURE},
        "occurred_at",
    ),
]


@pytest.mark.parametrize(("path", "data", "field"), [p[1:] for p in PATCHES], ids=[p[0] for p in PATCHES])
def test_a_change_through_the_api_keeps_the_same_rules(north, scene, path, data, field):
    response = north.patch(path(scene), data, format="json", HTTP_IF_MATCH='"1"')
    assert response.status_code == 400, response.content
    assert field in refused_fields(response)
    assert not AccessEvent.objects.filter(action=AccessAction.UPDATE).exists()


def test_closing_a_case_through_the_api_keeps_the_outcome_rule(north, scene, cast):
    # case_south's child has no outcome; on case_north a subject child without one is added.
    case = scene["case_north"]
    from safeguarding.cases.models import CaseParticipant

    CaseParticipant.objects.create(case=case, person=scene["not_on_case"], role="subject_child")
    response = north.patch(
        f"/api/v1/cases/{case.pk}/", {"closed_at": WHEN}, format="json", HTTP_IF_MATCH='"1"'
    )
    # An officer cannot close a case at all: it needs a supervisor's sign-off.
    assert response.status_code == 400 and "supervisor" in refused_fields(response)["closed_at"][0]
    supervisor = APIClient()
    supervisor.force_authenticate(cast["supervisor_north"])
    response = supervisor.patch(
        f"/api/v1/cases/{case.pk}/", {"closed_at": WHEN}, format="json", HTTP_IF_MATCH='"1"'
    )
    assert response.status_code == 400 and "closed_at" in refused_fields(response)
    assert "Noah Field" in refused_fields(response)["closed_at"][0]
    case.refresh_from_db()
    assert case.is_open


def test_a_meeting_may_be_booked_ahead_on_both(north, scene):
    data = entry(kind="icpc", occurred_at=FUTURE)(scene)
    response = north.post("/api/v1/entries/meetings/", data, format="json")
    assert response.status_code == 201, response.content
    assert _form_for("entries/meetings", data, scene).is_valid()


def test_what_a_caller_never_sets_is_read_only(north, scene):
    response = north.post(
        "/api/v1/entries/incidents/",
        {**entry(kind="other")(scene), "recorded_at": "2020-01-01T00:00:00Z", "source_reference": "X-1"},
        format="json",
    )
    assert response.status_code == 201, response.content
    incident = scene["case_north"].incident_entries.get(pk=response.json()["id"])
    assert incident.recorded_at.year != 2020 and incident.source_reference == ""
