"""Issue 22: liveness, readiness, metrics, request ids and the JSON request log."""

import json
import logging

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse

from safeguarding.runtime import views
from safeguarding.runtime.observability import JsonFormatter, RequestIdFilter, request_id_var


def test_healthz_answers_without_touching_the_database(client):
    # No django_db mark: any query here would raise.
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_readyz_is_ok_when_the_database_answers_and_is_migrated(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_readyz_is_503_while_migrations_are_pending(client, monkeypatch):
    monkeypatch.setattr(views, "unapplied_migrations", lambda: 3)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "unapplied_migrations": 3}


@pytest.mark.django_db
def test_readyz_is_503_when_the_database_is_unreachable(client, monkeypatch):
    def refuse(*args, **kwargs):
        raise connections["default"].Database.OperationalError("connection refused")

    monkeypatch.setattr(connections["default"], "cursor", refuse)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


@pytest.mark.django_db
def test_metrics_need_the_bearer_token(client, settings):
    settings.METRICS_TOKEN = "scrape-secret-1234"
    assert client.get("/metrics").status_code == 401
    wrong = client.get("/metrics", headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401
    assert wrong["WWW-Authenticate"] == 'Bearer realm="metrics"'


@pytest.mark.django_db
def test_metrics_are_refused_to_everyone_while_no_token_is_configured(client, settings):
    settings.METRICS_TOKEN = ""
    assert client.get("/metrics", headers={"Authorization": "Bearer "}).status_code == 401


@pytest.mark.django_db
def test_metrics_count_requests_by_route_and_show_worklist_sizes(client, settings):
    settings.METRICS_TOKEN = "scrape-secret-1234"
    client.get("/healthz")
    body = client.get("/metrics", headers={"Authorization": "Bearer scrape-secret-1234"}).content.decode()
    assert 'safeguarding_requests_total{method="GET",route="healthz",status="200"}' in body
    assert "safeguarding_request_seconds_bucket" in body
    assert 'safeguarding_worklist_items{state="not_met"} 0.0' in body
    assert "safeguarding_job_seconds" in body


def test_every_response_carries_a_request_id(client):
    first = client.get("/healthz")["X-Request-ID"]
    second = client.get("/healthz")["X-Request-ID"]
    assert len(first) == 32 and first != second


def test_the_proxys_request_id_is_kept_when_it_is_a_plain_token(client):
    response = client.get("/healthz", headers={"X-Request-ID": "lb-7f3a.19"})
    assert response["X-Request-ID"] == "lb-7f3a.19"


def test_a_request_id_that_could_forge_log_lines_is_replaced(client):
    response = client.get("/healthz", headers={"X-Request-ID": 'x"\n{"level": "ERROR"}'})
    assert "\n" not in response["X-Request-ID"] and len(response["X-Request-ID"]) == 32


@pytest.mark.django_db
def test_the_request_log_names_the_route_never_the_path_or_query(cast, caplog):
    from tests.signin import verified_client

    officer = verified_client(cast["officer_north"])
    with caplog.at_level(logging.INFO, logger="safeguarding.request"):
        officer.get(reverse("people:search") + "?q=Smith")
    lines = [r for r in caplog.records if r.name == "safeguarding.request"]
    assert lines, "no request line logged"
    line = JsonFormatter().format(lines[-1])
    entry = json.loads(line)
    assert entry["route"] == "people:search"
    assert entry["method"] == "GET" and entry["status"] == 200
    assert "Smith" not in line and "/people/" not in line


def test_json_log_lines_carry_the_request_id_and_extra_fields():
    record = logging.LogRecord(
        "safeguarding.x", logging.WARNING, __file__, 1, "import %s done", ("17",), None
    )
    record.rows = 250
    token = request_id_var.set("abc123")
    try:
        RequestIdFilter().filter(record)
    finally:
        request_id_var.reset(token)
    entry = json.loads(JsonFormatter().format(record))
    assert entry["message"] == "import 17 done"
    assert entry["request_id"] == "abc123"
    assert entry["level"] == "WARNING" and entry["rows"] == 250


def test_the_anonymous_client_is_not_sent_to_sign_in_for_health():
    assert Client().get("/healthz").status_code == 200


@pytest.mark.django_db
def test_no_role_reads_metrics_without_the_token(cast, settings):
    """A session is no credential for /metrics: signed in as any role, still 401."""
    from tests.conftest import CAST
    from tests.signin import verified_client

    settings.METRICS_TOKEN = "scrape-secret-1234"
    for username in CAST:
        assert verified_client(cast[username]).get("/metrics").status_code == 401, username
