"""Refusals and not-founds are logged once, without personal data, and the 404 a user gets for a
record out of scope is byte-for-byte the one for a record that does not exist (STYLE.md rule 4)."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from safeguarding.access.models import AccessAction, AccessEvent
from safeguarding.access.services import ANONYMOUS
from tests.signin import verified_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(cast, districts):
    from tests.access_matrix.world import build_world

    return build_world(cast, districts)


def _client(user) -> Client:
    client = verified_client(user, stepped_up=True)  # both factors (tests/signin.py)
    return client


def test_out_of_scope_and_missing_answer_the_same_bytes_and_both_are_logged(world, cast):
    client = _client(cast["officer_south"])
    north = world["child_north"].pk
    missing = north + 10_000

    out_of_scope = client.get(f"/people/{north}/")
    not_there = client.get(f"/people/{missing}/")

    assert out_of_scope.status_code == not_there.status_code == 404
    assert out_of_scope.content == not_there.content

    # Expires is "now" (never-cache headers), so it may tick over between the two requests; every
    # response has its own X-Request-ID (runtime/observability.py), whatever it answers.
    def headers(response):
        return {k: v for k, v in response.headers.items() if k not in ("Expires", "X-Request-ID")}

    assert headers(out_of_scope) == headers(not_there)
    events = list(AccessEvent.objects.order_by("id"))
    assert [(e.action, e.object_type, e.object_id) for e in events] == [
        (AccessAction.NOT_FOUND, "person", str(north)),
        (AccessAction.NOT_FOUND, "person", str(missing)),
    ]
    assert {e.actor_username for e in events} == {"officer_south"}
    # No name, no district: the event says what was asked for, not what is there.
    assert all(e.district_id is None and e.object_label == "" for e in events)


def test_a_403_is_logged_once_as_refused(world, cast):
    response = _client(cast["pcc_analyst"]).get(f"/people/{world['child_north'].pk}/")

    assert response.status_code == 403
    event = AccessEvent.objects.get()
    assert (event.action, event.actor_username, event.actor_role) == (
        AccessAction.DENIED,
        "pcc_analyst",
        "pcc_analyst",
    )
    assert (event.object_type, event.object_id) == ("person", str(world["child_north"].pk))
    assert event.detail == {"status": 403, "url_name": "people:child", "method": "GET"}


def test_an_entry_url_names_the_entry_and_its_type(world, cast):
    response = _client(cast["officer_south"]).get(
        f"/cases/{world['case_north'].pk}/entries/demeanourrecord/99/edit/"
    )

    assert response.status_code == 404
    event = AccessEvent.objects.get()
    assert (event.action, event.object_type, event.object_id) == (
        AccessAction.NOT_FOUND,
        "demeanour_record",
        "99",
    )


def test_the_query_string_is_never_logged(world, cast):
    _client(cast["pcc_analyst"]).get(f"/people/{world['child_north'].pk}/?q=Amelia+Hartley")

    event = AccessEvent.objects.get()
    assert "Amelia" not in str(event.detail) + event.query + event.object_label


def test_api_not_found_is_logged_with_the_same_record_type_as_pages(world, cast):
    client = APIClient()
    client.force_authenticate(cast["officer_south"])

    response = client.get(f"/api/v1/cases/{world['case_north'].pk}/")

    assert response.status_code == 404
    event = AccessEvent.objects.get()
    assert (event.action, event.actor_username, event.object_type, event.object_id) == (
        AccessAction.NOT_FOUND,
        "officer_south",
        "case",
        str(world["case_north"].pk),
    )


def test_anonymous_api_refusal_is_logged_as_anonymous(world):
    response = APIClient().get(f"/api/v1/people/{world['child_north'].pk}/")

    assert response.status_code in {401, 403}
    event = AccessEvent.objects.get()
    assert (event.actor_id, event.actor_username, event.actor_role, event.action) == (
        None,
        ANONYMOUS,
        "",
        AccessAction.DENIED,
    )
    assert (event.object_type, event.object_id) == ("person", str(world["child_north"].pk))


def test_anonymous_page_request_is_sent_to_sign_in_and_not_logged(world):
    response = Client().get(f"/people/{world['child_north'].pk}/")

    assert response.status_code == 302
    assert not AccessEvent.objects.exists()


def test_a_path_that_names_no_view_is_not_logged(cast):
    response = _client(cast["officer_north"]).get("/wp-admin/setup.php")

    assert response.status_code == 404
    assert not AccessEvent.objects.exists()
