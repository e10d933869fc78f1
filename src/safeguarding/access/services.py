"""Writes to the access log. Every service that reads or changes personal data calls one of these
inside its own transaction, so the trail and the change land together or not at all."""

from typing import Any

from django.db import transaction

from safeguarding.access.chain import seal_pending, sealed_on_insert
from safeguarding.access.models import AccessAction, AccessEvent, User


def access_record(
    *,
    actor: User,
    action: AccessAction,
    object_type: str = "",
    object_id: Any = "",
    object_label: str = "",
    district_id: int | None = None,
    reason: str = "",
    query: str = "",
    detail: dict | None = None,
    recipient: str = "",
) -> AccessEvent:
    outside = (
        district_id is not None and actor.scope == "own_districts" and not actor.covers_district(district_id)
    )
    fields = {
        "actor_id": actor.pk,
        "actor_username": actor.get_username(),
        "actor_role": actor.role,
        "action": action,
        "object_type": object_type,
        "object_id": str(object_id),
        "object_label": object_label[:200],
        "district_id": district_id,
        "outside_own_district": outside,
        "reason": reason,
        "query": query,
        "detail": detail or {},
        "recipient": recipient,
    }
    if sealed_on_insert():
        # One INSERT: the database seals it (access/chain.py); in autocommit it is its own
        # transaction, so a first-contact lookup still costs one round trip for its trail.
        return AccessEvent.objects.create(**fields)
    # The event and its seal in one transaction (the caller's, or one of its own).
    with transaction.atomic():
        event = AccessEvent.objects.create(**fields)
        seal_pending(wait=False)
    return event
