"""Writes to the access log. Every service that reads or changes personal data calls one of these
inside its own transaction, so the trail and the change land together or not at all."""

from typing import Any

from safeguarding.access.labels import record_type
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


# The anonymous caller of the API has no account: its refusals are logged under this name.
ANONYMOUS = "anonymous"


def access_refusal_record(
    *, actor: User | None, status: int, object_type: str, object_id: Any, url_name: str, method: str
) -> AccessEvent:
    """A refusal (403, 401) or a not-found (404) on a record URL (ASVS 16.3.2).

    Only what the path itself says is kept: the record type and id asked for, the URL's name, the
    method and the status. Never the query string or body (search terms, form values). A 404
    reads the same whether the record is missing or out of scope (STYLE.md rule 4); the log
    does not tell them apart either, so reading it gives no more away than the response did.
    """
    known = actor is not None and actor.is_authenticated
    return AccessEvent.objects.create(
        actor_id=actor.pk if known else None,
        actor_username=actor.get_username() if known else ANONYMOUS,
        actor_role=actor.role if known else "",
        action=AccessAction.NOT_FOUND if status == 404 else AccessAction.DENIED,
        object_type=object_type,
        object_id=str(object_id),
        detail={"status": status, "url_name": url_name, "method": method},
    )


def record_viewed(
    *,
    actor: User,
    record: Any,
    district_id: int | None = None,
    object_label: str = "",
    reason: str = "",
    detail: dict | None = None,
) -> AccessEvent:
    """A page showed this record (a form filled with it counts): a consultation (DPA 2018 s62),
    labelled by its model whichever page showed it."""
    return access_record(
        actor=actor,
        action=AccessAction.VIEW,
        object_type=record_type(record),
        object_id=record.pk,
        object_label=object_label,
        district_id=district_id,
        reason=reason,
        detail=detail,
    )
