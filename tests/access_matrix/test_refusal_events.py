"""Every refusal (403) and not-found (404) in the access matrix writes exactly one access event
naming the actor and the record the path asked for, and nothing from the query or body."""

import re

import pytest

from safeguarding.access.models import AccessAction, AccessEvent
from tests.access_matrix.table import DENY, HIDDEN, ROLES
from tests.access_matrix.test_matrix import ROWS
from tests.signin import verified_client

REFUSED_ROWS = [row for row in ROWS if any(row.status_for(role) in {DENY, HIDDEN} for role in ROLES)]


@pytest.mark.django_db
@pytest.mark.parametrize("row", REFUSED_ROWS, ids=[row.url_name for row in REFUSED_ROWS])
def test_every_refusal_in_the_matrix_writes_one_event(row, world, cast):
    path = row.path(world)
    data = row.data(world) if callable(row.data) else row.data
    ids_in_path = set(re.findall(r"/(\d+)(?=/|\.|$)", path))
    failures = []
    for username in ROLES:
        status = row.status_for(username)
        if status not in {DENY, HIDDEN}:
            continue
        client = verified_client(cast[username], stepped_up=True)  # both factors (tests/signin.py)
        last = AccessEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
        response = getattr(client, row.method)(path, data=data)
        assert response.status_code == status, f"{username}: {response.status_code}"
        events = list(AccessEvent.objects.filter(id__gt=last))
        refusals = [e for e in events if e.action in {AccessAction.DENIED, AccessAction.NOT_FOUND}]
        if len(refusals) != 1:
            failures.append(f"{username}: {len(refusals)} refusal events")
            continue
        event = refusals[0]
        expected_action = AccessAction.NOT_FOUND if status == HIDDEN else AccessAction.DENIED
        if (event.action, event.actor_id, event.actor_username) != (
            expected_action,
            cast[username].pk,
            username,
        ):
            failures.append(f"{username}: {event.action} by {event.actor_username}")
        if ids_in_path and (not event.object_type or event.object_id not in ids_in_path):
            failures.append(f"{username}: record {event.object_type!r} {event.object_id!r}")
        if event.detail != {
            "status": status,
            "url_name": event.detail["url_name"],
            "method": row.method.upper(),
        }:
            failures.append(f"{username}: detail {event.detail}")
    assert not failures, f"{row.method.upper()} {path}: " + "; ".join(failures)
