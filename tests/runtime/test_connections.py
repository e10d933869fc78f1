"""Issue 22: when PostgreSQL drops the application's connections (a restart, a failover, an
administrator's pg_terminate_backend), the next requests get a new connection instead of a 500."""

import psycopg
import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection
from django.test import RequestFactory
from django.urls import reverse

from tests.signin import verified_client

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_terminate_backend is PostgreSQL's"),
]


@pytest.fixture
def persistent_connections():
    """As production runs: connections kept between requests (tests otherwise close them)."""
    saved = connection.settings_dict["CONN_MAX_AGE"], connection.settings_dict["CONN_HEALTH_CHECKS"]
    connection.close()
    connection.settings_dict["CONN_MAX_AGE"] = 60
    connection.settings_dict["CONN_HEALTH_CHECKS"] = True
    yield
    connection.settings_dict["CONN_MAX_AGE"], connection.settings_dict["CONN_HEALTH_CHECKS"] = saved
    connection.close()


def terminate(backend_pid: int) -> None:
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    params.pop("prepare_threshold", None)
    with psycopg.connect(**params, autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [backend_pid])


def serve(handler: WSGIHandler, url: str, cookie: str) -> int:
    """One request through Django's real WSGI handler, as the server's threads make it (the test
    client skips the request_started housekeeping that checks kept connections)."""
    environ = RequestFactory().get(url).environ | {"HTTP_COOKIE": cookie}
    statuses = []
    response = handler(environ, lambda status, headers, exc_info=None: statuses.append(status))
    response.close()
    return int(statuses[0].split()[0])


def test_terminated_connections_cause_no_server_errors(cast, persistent_connections):
    officer = verified_client(cast["officer_north"])
    cookie = "; ".join(f"{name}={morsel.value}" for name, morsel in officer.cookies.items())
    handler = WSGIHandler()
    url = reverse("people:search")
    killed = set()
    for _ in range(5):
        assert serve(handler, url, cookie) == 200
        pid = connection.connection.info.backend_pid
        terminate(pid)
        killed.add(pid)
    assert serve(handler, url, cookie) == 200
    assert connection.connection.info.backend_pid not in killed
    assert len(killed) == 5  # each request after a termination ran on a new connection
