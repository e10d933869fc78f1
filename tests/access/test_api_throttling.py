"""API throttling (issue 13): every endpoint counts each caller's requests, list endpoints (bulk
paging of personal data) have stricter burst and sustained rates, and a refusal is a 429 with
Retry-After. These tests lower the rates that tests/conftest.py raises, and count in the
production throttle cache (the database)."""

import datetime as dt

import pytest
import time_machine
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from rest_framework.test import APIClient

from safeguarding import settings as production
from safeguarding.access.services import api_token_create
from safeguarding.access.throttling import (
    ApiAnonThrottle,
    ApiListBurstThrottle,
    ApiListSustainedThrottle,
    ApiUserThrottle,
)

pytestmark = pytest.mark.django_db

LOOKUP = "/api/v1/first-contact/lookup/"


@pytest.fixture
def world(cast, districts):
    from tests.access_matrix.world import build_world

    return build_world(cast, districts)


@pytest.fixture
def rates(settings):
    settings.API_THROTTLE_CACHE = "throttle"  # the database cache, as in production

    def set_rates(**given: str):
        settings.API_THROTTLE_RATES = {
            scope: given.get(scope, "100000/min")
            for scope in ("user", "anon", "list_burst", "list_sustained")
        }

    return set_rates


def client_for_token(user) -> APIClient:
    plaintext = api_token_create(
        actor=user, user=user, label="t", scopes=["read"], expires_in=dt.timedelta(days=1)
    ).plaintext
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {plaintext}")
    return client


def assert_throttled(response):
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0


def test_every_caller_is_limited_on_every_request(rates, world, cast):
    rates(user="3/min")
    person = f"/api/v1/people/{world['child_north'].pk}/"
    officer = client_for_token(cast["officer_north"])
    assert officer.get(person).status_code == 200
    assert (
        officer.post(
            LOOKUP,
            {"q": "Amelia Hartley", "reason_code": "call_for_service", "reason_reference": "INC-0001"},
            format="json",
        ).status_code
        == 200
    )
    # Another token of the same user shares the same count.
    assert client_for_token(cast["officer_north"]).get("/api/v1/schema/").status_code == 200
    assert_throttled(officer.get(person))
    assert_throttled(
        officer.post(
            LOOKUP,
            {"q": "Amelia Hartley", "reason_code": "call_for_service", "reason_reference": "INC-0001"},
            format="json",
        )
    )
    # Someone else is not held up by it.
    assert client_for_token(cast["supervisor_north"]).get(person).status_code == 200


def test_session_callers_are_limited_too(rates, world, client_for):
    rates(user="2/min")
    client = client_for("officer_north")
    for _ in range(2):
        assert client.get("/api/v1/people/").status_code == 200
    assert_throttled(client.get("/api/v1/people/"))


def test_paging_personal_data_has_a_stricter_burst_rate(rates, world, cast):
    rates(list_burst="2/min")
    unit = client_for_token(cast["safeguarding_unit"])
    assert unit.get("/api/v1/people/?limit=1").status_code == 200
    assert unit.get("/api/v1/people/?limit=1&offset=1").status_code == 200
    # Every list endpoint counts together: switching to cases does not reset it.
    assert_throttled(unit.get("/api/v1/cases/"))
    # A single record is not a page.
    assert unit.get(f"/api/v1/people/{world['child_north'].pk}/").status_code == 200


def test_paging_personal_data_has_a_sustained_rate(rates, world, cast):
    rates(list_sustained="3/hour")
    unit = client_for_token(cast["safeguarding_unit"])
    for offset in range(3):
        assert unit.get(f"/api/v1/people/?limit=1&offset={offset}").status_code == 200
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=30)):
        assert_throttled(unit.get("/api/v1/people/?limit=1&offset=3"))
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=61)):
        assert unit.get("/api/v1/people/?limit=1&offset=3").status_code == 200


def test_the_production_rates_stop_paging_a_force_out_in_seconds(settings, world, cast):
    """Today's main pages 10,000 people out in 3 s (20 pages of 500); the production list rate
    refuses the 11th page of a minute."""
    settings.API_THROTTLE_CACHE = "throttle"
    settings.API_THROTTLE_RATES = production.API_THROTTLE_RATES
    burst = int(production.API_THROTTLE_RATES["list_burst"].split("/")[0])
    assert burst * 500 < 10_000
    unit = client_for_token(cast["safeguarding_unit"])
    for page in range(burst):
        assert unit.get(f"/api/v1/people/?limit=500&offset={page * 500}").status_code == 200
    assert_throttled(unit.get(f"/api/v1/people/?limit=500&offset={burst * 500}"))


def _api_views(resolver: URLResolver | None = None):
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _api_views(pattern)
        elif isinstance(pattern, URLPattern) and getattr(pattern.callback, "cls", None) is not None:
            yield pattern.name, pattern.callback.cls


def test_no_api_endpoint_escapes_throttling():
    views = list(_api_views())
    assert len(views) > 40
    expected = {ApiUserThrottle, ApiAnonThrottle, ApiListBurstThrottle, ApiListSustainedThrottle}
    unthrottled = [name for name, cls in views if not expected <= set(cls.throttle_classes)]
    assert not unthrottled
