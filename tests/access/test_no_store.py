"""Cache-Control: no-store on every response holding personal data: pages, the API, downloads
(the access matrix checks it on every URL for every role too); static files keep their caching."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from tests.signin import verified_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(cast, districts):
    from tests.access_matrix.world import build_world

    return build_world(cast, districts)


def _no_store(response) -> bool:
    return "no-store" in response["Cache-Control"] and response["Pragma"] == "no-cache"


def _client(user) -> Client:
    client = verified_client(user, stepped_up=True)  # both factors (tests/signin.py)
    return client


def test_a_childs_page_is_not_stored(world, cast):
    response = _client(cast["officer_north"]).get(f"/people/{world['child_north'].pk}/")
    assert response.status_code == 200 and _no_store(response)


def test_the_api_is_not_stored(world, cast):
    api = APIClient()
    api.force_authenticate(cast["officer_north"])
    detail = api.get(f"/api/v1/people/{world['child_north'].pk}/")
    listing = api.get("/api/v1/cases/")
    assert detail.status_code == listing.status_code == 200
    assert _no_store(detail) and _no_store(listing)


def test_downloads_are_not_stored(world, cast):
    log = _client(cast["admin"]).get("/access-log/export.csv")
    recommendations = _client(cast["inspector"]).get("/inspections/recommendations.csv")
    assert log.status_code == recommendations.status_code == 200
    assert log.streaming  # the streamed CSV gets the header too
    assert _no_store(log) and _no_store(recommendations)


def test_refusals_and_the_login_page_are_not_stored(world, cast):
    assert _no_store(_client(cast["pcc_analyst"]).get(f"/people/{world['child_north'].pk}/"))
    assert _no_store(Client().get("/login/"))


def test_static_files_keep_their_caching(db):
    response = Client().get("/static/safeguarding/site.css")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
