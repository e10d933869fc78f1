"""The REST API: roles, district scope (out of scope = 404), writes through services with the
models' rules as 400s, token auth, access logging, and the OpenAPI schema covering it all."""

import datetime as dt

import pytest
from rest_framework.test import APIClient

from safeguarding.access.models import AccessAction, AccessEvent
from safeguarding.access.services import api_token_create
from safeguarding.cases.models import ENTRY_MODELS, Incident
from safeguarding.exchange.formats import entry_entity_name
from safeguarding.people.models import Person
from tests.factories import at
from tests.problems import refused_fields

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.exchange.urls")]


@pytest.fixture
def api_for(cast):
    def make(username: str) -> APIClient:
        client = APIClient()
        client.force_authenticate(cast[username])
        return client

    return make


@pytest.fixture
def world(cast, districts):
    from tests.access_matrix.world import build_world

    return build_world(cast, districts)


def test_people_list_is_scoped_to_the_viewers_districts(api_for, world):
    north = api_for("officer_north").get("/api/v1/people/").json()
    unit = api_for("safeguarding_unit").get("/api/v1/people/").json()

    assert {p["id"] for p in north["results"]} == {world["child_north"].pk, world["adult_north"].pk}
    assert unit["count"] == 3


def test_out_of_scope_looks_like_not_found(api_for, world):
    assert api_for("officer_south").get(f"/api/v1/people/{world['child_north'].pk}/").status_code == 404
    assert api_for("officer_south").get(f"/api/v1/cases/{world['case_north'].pk}/").status_code == 404
    assert api_for("officer_south").get("/api/v1/people/999999/").status_code == 404
    assert api_for("officer_north").get(f"/api/v1/cases/{world['case_north'].pk}/").status_code == 200


def test_roles_without_case_access_are_refused(api_for, world):
    assert api_for("pcc_analyst").get("/api/v1/people/").status_code == 403
    assert api_for("admin").get(f"/api/v1/cases/{world['case_north'].pk}/").status_code == 403
    assert api_for("auditor").post("/api/v1/people/", {}, format="json").status_code == 403
    assert APIClient().get("/api/v1/people/").status_code == 401


def test_token_authentication(cast, world):
    user = cast["officer_north"]
    token = api_token_create(
        actor=user, user=user, label="test", scopes=["read"], expires_in=dt.timedelta(days=1)
    ).plaintext
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert client.get(f"/api/v1/people/{world['child_north'].pk}/").status_code == 200


def test_reading_a_record_is_logged(api_for, world):
    api_for("officer_north").get(f"/api/v1/people/{world['child_north'].pk}/")
    event = AccessEvent.objects.filter(action=AccessAction.VIEW, object_type="person").get()
    assert event.object_id == str(world["child_north"].pk) and event.actor_username == "officer_north"


def test_creating_an_entry_goes_through_the_service_and_is_logged(api_for, world, cast):
    response = api_for("officer_north").post(
        "/api/v1/entries/incidents/",
        {
            "case": world["case_north"].pk,
            "occurred_at": "2026-03-02T09:30:00Z",
            "kind": "domestic_abuse",
            "children_present": 2,
        },
        format="json",
    )

    assert response.status_code == 201, response.json()
    incident = Incident.objects.get()
    assert incident.recorded_by == cast["officer_north"]
    # The same event as the page's: the API hands off to the entry service.
    assert AccessEvent.objects.filter(action=AccessAction.CREATE, object_type="incident").exists()


def test_a_case_in_another_district_cannot_be_written_to(api_for, world):
    response = api_for("officer_south").post(
        "/api/v1/entries/incidents/",
        {"case": world["case_north"].pk, "occurred_at": "2026-03-02T09:30:00Z", "kind": "other"},
        format="json",
    )
    assert response.status_code == 400 and "case" in refused_fields(response)


def test_model_rules_are_a_400_not_a_database_error(api_for, world):
    response = api_for("officer_north").post(
        "/api/v1/entries/incidents/",
        {
            "case": world["case_north"].pk,
            "occurred_at": "2026-03-02T09:30:00Z",
            "attended_at": "2026-03-02T08:00:00Z",
            "kind": "other",
        },
        format="json",
    )
    assert response.status_code == 400
    assert "incident_attended_after_report" in str(response.json())
    response = api_for("officer_north").post(
        "/api/v1/entries/child-views/",
        {"case": world["case_north"].pk, "occurred_at": "2026-03-02T09:30:00Z", "views": "ok"},
        format="json",
    )
    assert response.status_code == 400 and "child" in refused_fields(response)


def test_updating_a_person_recomputes_name_keys(api_for, world):
    child = world["child_north"]
    response = api_for("officer_north").patch(
        f"/api/v1/people/{child.pk}/", {"surname": "Muhammad"}, format="json", HTTP_IF_MATCH='"1"'
    )
    assert response.status_code == 200
    child.refresh_from_db()
    assert child.surname_key == "MHMT"
    assert AccessEvent.objects.get(action=AccessAction.UPDATE).detail["fields"] == ["surname"]


def test_a_person_cannot_be_created_in_a_district_the_officer_does_not_cover(api_for, world, districts):
    response = api_for("officer_north").post(
        "/api/v1/people/",
        {"forename": "Ada", "surname": "Lee", "district": districts["south"].code},
        format="json",
    )
    assert response.status_code == 400 and "district" in refused_fields(response)
    assert not Person.objects.filter(forename="Ada").exists()


def test_flags_are_served_within_scope(api_for, world, districts):
    from safeguarding.people.models import Flag

    Flag.objects.create(
        person=world["child_south"],
        kind="repeat_missing",
        starts_on="2026-01-01",
        recorded_at=at("2026-01-01"),
    )
    assert api_for("officer_north").get("/api/v1/flags/").json()["count"] == 0
    assert api_for("officer_south").get("/api/v1/flags/").json()["count"] == 1


def test_the_schema_covers_people_cases_flags_and_every_stage_entry(api_for, world):
    response = api_for("officer_north").get("/api/v1/schema/", HTTP_ACCEPT="application/json")
    paths = response.json()["paths"]
    assert {"/api/v1/people/", "/api/v1/cases/{id}/", "/api/v1/flags/"} <= set(paths)
    for model in ENTRY_MODELS:
        assert f"/api/v1/entries/{entry_entity_name(model).replace('_', '-')}/" in paths
