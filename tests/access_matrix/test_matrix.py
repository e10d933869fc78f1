"""One table of every URL x role x expected status; fails when a URL is missing from it."""

import importlib
import pkgutil

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

import tests.access_matrix as matrix_package
from tests.access_matrix.table import LOGIN, ROLES, Row
from tests.signin import verified_client


def _modules():
    for info in pkgutil.iter_modules(matrix_package.__path__):
        if info.name not in {"table", "world"} and not info.name.startswith("test_"):
            yield importlib.import_module(f"tests.access_matrix.{info.name}")


def _all_rows() -> list[Row]:
    return [row for module in _modules() for row in getattr(module, "ROWS", [])]


def _public_names() -> set[str]:
    return {name for module in _modules() for name in getattr(module, "PUBLIC_URL_NAMES", set())}


def _url_names(resolver: URLResolver | None = None, prefix: str = "") -> set[str]:
    resolver = resolver or get_resolver()
    names = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            names |= _url_names(pattern, namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(prefix + pattern.name)
        elif isinstance(pattern, URLPattern):
            names.add(f"{prefix}<unnamed {pattern.pattern}>")
    return names


def test_every_url_is_in_the_table():
    in_table = {row.url_name.removeprefix("api:") for row in _all_rows()} | _public_names()
    missing = sorted(_url_names() - in_table)
    assert not missing, f"URL patterns with no row in tests/access_matrix: {missing}"


ROWS = _all_rows()


@pytest.mark.django_db
@pytest.mark.parametrize("row", ROWS, ids=[row.url_name for row in ROWS])
def test_each_role_gets_exactly_its_access(row: Row, world, cast):
    path = row.path(world)
    data = row.data(world) if callable(row.data) else row.data
    failures = []
    for username in ROLES:
        # Both factors and a fresh step-up: the table is about roles; tests/access tests those controls.
        client = verified_client(cast[username], stepped_up=True)
        response = getattr(client, row.method)(path, data=data)
        expected = row.status_for(username)
        accepted = {expected} | ({302} if row.method == "post" and expected == 200 else set())
        if response.status_code not in accepted:
            failures.append(f"{username}: expected {expected}, got {response.status_code}")
        if "no-store" not in response.get("Cache-Control", ""):
            failures.append(f"{username}: Cache-Control {response.get('Cache-Control')!r} lacks no-store")
    anonymous = getattr(Client(), row.method)(path, data=data)
    if path.startswith("/api/"):
        # No credentials on the API: 401 naming the scheme to use (issue 13), never a redirect.
        if anonymous.status_code != 401 or not anonymous.get("WWW-Authenticate", "").startswith("Bearer"):
            failures.append(
                f"anonymous: expected 401 with WWW-Authenticate: Bearer, got {anonymous.status_code}"
            )
    elif anonymous.status_code != LOGIN:
        failures.append(f"anonymous: expected {LOGIN}, got {anonymous.status_code}")
    assert not failures, f"{row.method.upper()} {path}: " + "; ".join(failures)
