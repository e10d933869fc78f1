"""Writes to the access log. Every service that reads or changes personal data calls one of these
inside its own transaction, so the trail and the change land together or not at all."""

from typing import Any

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
    return AccessEvent.objects.create(
        actor_id=actor.pk,
        actor_username=actor.get_username(),
        actor_role=actor.role,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        object_label=object_label[:200],
        district_id=district_id,
        outside_own_district=outside,
        reason=reason,
        query=query,
        detail=detail or {},
        recipient=recipient,
    )


def signin_record(
    *,
    action: AccessAction,
    username: str,
    user: User | None = None,
    ip_address: str | None = None,
    detail: dict | None = None,
) -> AccessEvent:
    """A sign-in, failed sign-in, lockout or sign-out. A failed attempt may name no real user:
    the attempted username is kept here (security needs it) and never in application logs."""
    return AccessEvent.objects.create(
        actor_id=user.pk if user is not None else None,
        actor_username=(user.get_username() if user is not None else username)[:150],
        actor_role=user.role if user is not None else "",
        action=action,
        object_type="session",
        detail={**(detail or {}), **({"ip_address": ip_address} if ip_address else {})},
    )
