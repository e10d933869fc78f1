"""Issue 21 / ADR 0015: every error under /api/ is an RFC 9457 problem (application/problem+json),
whether DRF raised it, Django's URL resolver refused the path, or the server failed."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from tests.problems import PROBLEM_JSON, refused_fields

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.api.urls")]


@pytest.fixture
def world(cast, districts):
    from tests.access_matrix.world import build_world

    return build_world(cast, districts)


@pytest.fixture
def api_for(cast):
    def make(username: str) -> APIClient:
        client = APIClient()
        client.force_authenticate(cast[username])
        return client

    return make


def assert_problem(response, status: int, kind: str) -> dict:
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith(PROBLEM_JSON)
    body = response.json()
    assert body["status"] == status
    assert body["type"] == f"urn:safeguarding:problem:{kind}"
    assert body["title"] and body["detail"]
    assert body["instance"].startswith("/api/")
    return body


def test_a_refused_write_names_each_field(api_for, world):
    response = api_for("officer_north").post(
        "/api/v1/people/", {"forename": "", "date_of_birth": "not a date"}, format="json"
    )
    body = assert_problem(response, 400, "invalid")
    fields = refused_fields(response)
    assert "date_of_birth" in fields
    assert {e["pointer"] for e in body["errors"] if "pointer" in e} >= {"#/date_of_birth"}
    assert all(e["code"] for e in body["errors"])
    assert "not a date" not in response.content.decode()  # never echoes what was sent


@pytest.mark.parametrize(
    "path",
    ["/api/v1/no-such-thing/", "/api/v1/people/abc/", "/api/nothing", "/api/v1/entries/x/"],
)
def test_an_unknown_path_is_a_json_404_not_a_page(api_for, world, path):
    response = api_for("officer_north").get(path)
    body = assert_problem(response, 404, "not-found")
    assert body["instance"] == path
    assert b"<html" not in response.content.lower()


def test_a_missing_or_out_of_scope_record_is_the_same_404(api_for, world):
    out_of_scope = api_for("officer_south").get(f"/api/v1/people/{world['child_north'].pk}/")
    missing = api_for("officer_south").get("/api/v1/people/999999/")
    assert (
        assert_problem(out_of_scope, 404, "not-found")["detail"]
        == assert_problem(missing, 404, "not-found")["detail"]
    )


def test_a_role_refusal_is_a_403_problem(api_for, world):
    assert_problem(api_for("pcc_analyst").get("/api/v1/people/"), 403, "permission-denied")


def test_no_credentials_is_a_401_problem_with_its_challenge():
    response = APIClient().get("/api/v1/people/")
    assert_problem(response, 401, "not-authenticated")
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_method_not_allowed_is_a_405_problem(api_for, world):
    response = api_for("officer_north").delete(f"/api/v1/people/{world['child_north'].pk}/")
    assert_problem(response, 405, "method-not-allowed")
    assert "GET" in response["Allow"]


def test_any_api_exception_is_formatted_a_precondition_failure_too():
    body = assert_problem(Client().put("/api/v1/test-failing/"), 412, "precondition-failed")
    assert body["detail"] == "The record has changed since you read it."


def test_a_server_error_is_a_500_problem_without_the_traceback():
    response = Client(raise_request_exception=False).get("/api/v1/test-failing/")
    assert_problem(response, 500, "server-error")
    assert b"a bug" not in response.content


def test_a_view_refused_by_deny_by_default_is_a_403_problem(api_for, world):
    assert_problem(api_for("officer_north").get("/api/v1/test-undeclared/"), 403, "permission-denied")


def test_pages_outside_the_api_keep_their_html_404(world, cast):
    from tests.signin import verified_client

    response = verified_client(cast["officer_north"]).get("/people/no-such-page/")
    assert response.status_code == 404
    assert not response["Content-Type"].startswith(PROBLEM_JSON)


def test_the_first_contact_lookup_refuses_as_a_problem(api_for, world):
    response = api_for("officer_north").post("/api/v1/first-contact/lookup/", {"q": "Amelia"}, format="json")
    assert_problem(response, 400, "invalid")
    assert {"reason_code", "reason_reference"} <= set(refused_fields(response))


def test_the_schema_documents_problems_for_every_operation(api_for, world):
    schema = api_for("safeguarding_unit").get("/api/v1/schema/?format=json").json()
    assert schema["components"]["schemas"]["Problem"]["required"] == ["type", "title", "status", "detail"]
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            for status in ("401", "403", "404"):
                content = operation["responses"][status]["content"]
                assert list(content) == [PROBLEM_JSON], (method, path, status)
