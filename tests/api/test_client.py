"""Issue 21: the OpenAPI schema is valid, and a client generated from it (openapi-python-client,
committed under tests/api/generated/, see client_schema.py) round-trips a person and a case
through the real API: token, middleware, serializers, services and problems."""

import datetime as dt
import json
import os
import shutil
import subprocess
from pathlib import Path

import httpx
import pytest
from django.core import signals
from django.db import close_old_connections

from safeguarding.access.services import api_token_create
from safeguarding.cases.models import Case
from safeguarding.people.models import Person
from tests.api.client_schema import client_schema

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.exchange.urls")]

GENERATED = Path(__file__).parent / "generated" / "safeguarding_client"


def the_schema(client) -> dict:
    response = client.get("/api/v1/schema/?format=json")
    assert response.status_code == 200
    return json.loads(response.content)


@pytest.fixture
def unit_client(cast):
    from tests.signin import verified_client

    return verified_client(cast["safeguarding_unit"])


def test_the_schema_is_valid_openapi(unit_client, districts):
    from openapi_spec_validator import validate

    schema = the_schema(unit_client)
    validate(schema)  # raises, naming the fault, if it is not
    components = schema["components"]["schemas"]
    # The first-contact badge and the flag record are two components, not one name for both.
    assert "FlagBadge" in components and "kind" in components["Flag"]["properties"]
    assert "person" in components["Flag"]["properties"]
    assert "forename_key" not in components["Person"]["properties"]


@pytest.fixture
def wsgi_app():
    from django.core.wsgi import get_wsgi_application

    # The handler would close the connection after each request, ending the test's transaction.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture
def api(cast, districts, wsgi_app):
    from tests.api.generated.safeguarding_client import AuthenticatedClient

    unit = cast["safeguarding_unit"]
    token = api_token_create(
        actor=unit, user=unit, label="client", scopes=["read", "write"], expires_in=dt.timedelta(days=1)
    ).plaintext
    return AuthenticatedClient(
        base_url="http://testserver", token=token, httpx_args={"transport": httpx.WSGITransport(app=wsgi_app)}
    )


def test_the_generated_client_round_trips_a_person_and_a_case(api):
    from tests.api.generated.safeguarding_client.api.cases import cases_create, cases_list, cases_retrieve
    from tests.api.generated.safeguarding_client.api.people import (
        people_create,
        people_list,
        people_partial_update,
        people_retrieve,
    )
    from tests.api.generated.safeguarding_client.models import (
        CaseRequest,
        CaseTypeEnum,
        PatchedPersonRequest,
        PersonRequest,
        Problem,
    )
    from tests.api.generated.safeguarding_client.models import Person as PersonModel

    made = people_create.sync(
        client=api,
        body=PersonRequest(
            forename="Ada",
            surname="Lee",
            district="north",
            date_of_birth=dt.date(2014, 5, 1),
            school="Mill School",
        ),
    )
    assert isinstance(made, PersonModel), made
    read = people_retrieve.sync(client=api, id=made.id)
    assert (read.forename, read.surname, read.district, read.date_of_birth) == (
        "Ada",
        "Lee",
        "north",
        dt.date(2014, 5, 1),
    )
    assert Person.objects.get(pk=made.id).school == "Mill School"

    # A write names the version it changes (If-Match, issue 17): the ETag of the read.
    changed = people_partial_update.sync(
        client=api, id=made.id, body=PatchedPersonRequest(school="Hill School"), if_match='"1"'
    )
    assert changed.school == "Hill School" and changed.updated_at >= read.updated_at
    listed = people_list.sync(client=api, surname="lee", district="north")
    assert [p.id for p in listed.results] == [made.id]

    reported = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC)
    case = cases_create.sync(
        client=api,
        body=CaseRequest(
            reference="API-RT-1",
            case_type=CaseTypeEnum.DOMESTIC_ABUSE,
            district="north",
            first_reported_at=reported,
        ),
    )
    assert not isinstance(case, Problem), case
    again = cases_retrieve.sync(client=api, id=case.id)
    assert (again.reference, again.case_type, again.district, again.first_reported_at) == (
        "API-RT-1",
        CaseTypeEnum.DOMESTIC_ABUSE,
        "north",
        reported,
    )
    assert Case.objects.get(pk=case.id).district.code == "north"
    assert case.id in [c.id for c in cases_list.sync(client=api, district="north").results]

    # A refusal comes back as the typed problem, naming the field.
    refused = people_create.sync(
        client=api, body=PersonRequest(forename="Ada", surname="Lee", district="nowhere")
    )
    assert isinstance(refused, Problem) and refused.status == 400
    assert [e.pointer for e in refused.errors] == ["#/district"]


GENERATOR = os.environ.get("OPENAPI_PYTHON_CLIENT") or shutil.which("openapi-python-client")


@pytest.mark.skipif(not GENERATOR, reason="openapi-python-client not installed (make api-client)")
def test_the_committed_client_is_what_the_schema_generates(unit_client, districts, tmp_path):
    (tmp_path / "schema.json").write_text(
        json.dumps(client_schema(the_schema(unit_client)), indent=2, sort_keys=True)
    )
    subprocess.run(
        [GENERATOR, "generate", "--path", str(tmp_path / "schema.json"), "--meta", "none"]
        + ["--output-path", str(tmp_path / "safeguarding_client")],
        check=True,
        capture_output=True,
        env={**os.environ, "PATH": f"{Path(GENERATOR).parent}:{os.environ.get('PATH', '')}"},
    )
    made = {
        p.relative_to(tmp_path / "safeguarding_client"): p.read_text()
        for p in (tmp_path / "safeguarding_client").rglob("*.py")
    }
    committed = {p.relative_to(GENERATED): p.read_text() for p in GENERATED.rglob("*.py")}
    assert made.keys() == committed.keys()
    stale = [str(name) for name in made if made[name] != committed[name]]
    assert not stale, f"Regenerate the client (tests/api/client_schema.py): {stale}"
