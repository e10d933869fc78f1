"""Styled error pages (issue 25): a refusal and a not-found explain themselves and offer the next
step; the 404 is the same page for a missing record and one out of scope (STYLE.md rule 4); the
API keeps its problem details."""

import pytest
from django.test import RequestFactory
from django.views import defaults

from tests.signin import verified_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(cast, districts):
    from tests.access_matrix.world import build_world

    return build_world(cast, districts)


def test_a_record_out_of_scope_and_a_missing_one_get_the_same_styled_page(world, cast):
    client = verified_client(cast["officer_south"])
    north = world["child_north"].pk

    out_of_scope = client.get(f"/people/{north}/")
    missing = client.get(f"/people/{north + 10_000}/")

    assert out_of_scope.status_code == missing.status_code == 404
    assert out_of_scope.content == missing.content
    page = out_of_scope.content.decode()
    assert "<h1>Page not found</h1>" in page
    assert "site.css" in page  # the site's layout, not Django's bare "Not Found"
    assert 'href="/first-contact/' in page  # the route to a child elsewhere: first contact
    assert "give your reason" in page
    assert 'href="/"' in page  # back to the user's home page


def test_first_contact_is_offered_only_to_those_who_may_use_it(world, cast):
    page = verified_client(cast["auditor"]).get("/people/999999/").content.decode()

    assert "Page not found" in page
    assert "first contact" not in page.lower()


@pytest.mark.parametrize(
    ("username", "path"),
    [
        ("officer_north", "/people/duplicates/"),  # refused by the middleware
        ("pcc_analyst", "/access-log/"),
        ("officer_north", "/standards/worklist/?scope=team"),  # refused by the view
    ],
)
def test_every_refusal_is_the_one_styled_page_with_one_wording(world, cast, username, path):
    response = verified_client(cast[username]).get(path)

    assert response.status_code == 403
    page = response.content.decode()
    assert "<h1>You cannot do this</h1>" in page
    assert "Your role does not allow this." in page
    assert "Go to your home page" in page
    assert "site.css" in page


def test_the_api_keeps_its_problem_details(world, cast):
    client = verified_client(cast["officer_south"])

    refused = verified_client(cast["admin"]).get("/api/v1/people/")
    not_found = client.get("/api/v1/no-such-thing/")

    for response in (refused, not_found):
        assert response["Content-Type"].startswith("application/problem+json")
        assert "<h1>" not in response.content.decode()


def test_the_server_error_page_stands_alone_and_offers_a_way_back():
    # Django renders 500.html with no request context: it must not need one.
    response = defaults.server_error(RequestFactory().get("/anything/"))

    page = response.content.decode()
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in page
    assert 'href="/"' in page
