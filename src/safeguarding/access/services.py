"""Writes to the access log. Every service that reads or changes personal data calls one of these
inside its own transaction, so the trail and the change land together or not at all."""

import datetime as dt
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from safeguarding.access.chain import seal_pending, sealed_on_insert
from safeguarding.access.labels import record_type
from safeguarding.access.models import (
    AccessAction,
    AccessEvent,
    ApiToken,
    TokenScope,
    User,
    password_fingerprint,
    token_digest,
)
from safeguarding.access.roles import Permission

# Which door a write came through ("api", "import"), when not the pages: the services are the same
# whichever door, so the door is told to the log around the call rather than passed through them.
_written_via: ContextVar[str] = ContextVar("written_via", default="")


@contextmanager
def written_via(door: str) -> Iterator[None]:
    token = _written_via.set(door)
    try:
        yield
    finally:
        _written_via.reset(token)


def current_door() -> str:
    """The door the write in progress came through ("" for the pages)."""
    return _written_via.get()


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
    return _insert_sealed(
        {
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
            "detail": {**(detail or {}), "via": door} if (door := _written_via.get()) else (detail or {}),
            "recipient": recipient,
        }
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
    return _insert_sealed(
        dict(
            actor_id=user.pk if user is not None else None,
            actor_username=(user.get_username() if user is not None else username)[:150],
            actor_role=user.role if user is not None else "",
            action=action,
            object_type="session",
            detail={**(detail or {}), **({"ip_address": ip_address} if ip_address else {})},
        )
    )


def _insert_sealed(fields: dict[str, Any]) -> AccessEvent:
    if sealed_on_insert():
        # One INSERT: the database seals it (access/chain.py); in autocommit it is its own
        # transaction, so a first-contact lookup still costs one round trip for its trail.
        return AccessEvent.objects.create(**fields)
    # The event and its seal in one transaction (the caller's, or one of its own).
    with transaction.atomic():
        event = AccessEvent.objects.create(**fields)
        seal_pending(wait=False)
    return event


# --- API tokens -------------------------------------------------------------------------------

# Which role permission each scope needs: a scope the user's role can never use is refused at
# creation rather than left to be refused on every request.
SCOPE_NEEDS: dict[str, Permission | None] = {
    TokenScope.READ: None,
    TokenScope.WRITE: Permission.EDIT_RECORDS,
    TokenScope.IMPORT: Permission.IMPORT_DATA,
}
TOKEN_PREFIX = "sg"  # noqa: S105 - marks a string as ours (secret scanners), not a secret


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    plaintext: str  # shown once; only its digest is stored


def api_token_create(
    *, actor: User, user: User, label: str, scopes: list[str], expires_in: dt.timedelta
) -> IssuedToken:
    """Mint a token for `user`. The plaintext is returned once and never stored."""
    label = label.strip()
    errors: dict[str, str] = {}
    if not label:
        errors["label"] = "Say what the token is for."
    elif len(label) > 100:
        errors["label"] = "At most 100 characters."
    chosen = sorted(set(scopes))
    unknown = [scope for scope in chosen if scope not in TokenScope.values]
    if not chosen:
        errors["scopes"] = f"Give at least one scope ({', '.join(TokenScope.values)})."
    elif unknown:
        errors["scopes"] = f"Unknown scope {', '.join(unknown)}: use {', '.join(TokenScope.values)}."
    else:
        beyond = [s for s in chosen if (needs := SCOPE_NEEDS[s]) is not None and not user.can(needs)]
        if beyond:
            errors["scopes"] = f"{user.get_username()}'s role cannot use the scope {', '.join(beyond)}."
    max_days = settings.API_TOKEN_MAX_DAYS
    if expires_in <= dt.timedelta(0):
        errors["expires_in"] = "The token must expire in the future."
    elif expires_in > dt.timedelta(days=max_days):
        errors["expires_in"] = f"At most {max_days} days."
    if not user.is_active:
        errors["user"] = f"{user.get_username()} is deactivated."
    if errors:
        raise ValidationError(errors)

    prefix = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    now = timezone.now()
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user,
            label=label,
            prefix=prefix,
            digest=token_digest(secret),
            scopes=chosen,
            password_fingerprint=password_fingerprint(user),
            created_at=now,
            created_by_username=actor.get_username(),
            expires_at=now + expires_in,
        )
        access_record(
            actor=actor,
            action=AccessAction.TOKEN_ISSUE,
            object_type="api_token",
            object_id=token.pk,
            object_label=f"{user.get_username()}: {label}",
            detail={
                "user": user.get_username(),
                "prefix": prefix,
                "scopes": chosen,
                "expires_at": token.expires_at.isoformat(),
            },
        )
    return IssuedToken(token=token, plaintext=f"{TOKEN_PREFIX}_{prefix}_{secret}")


def api_token_revoke(*, actor: User, token: ApiToken, reason: str) -> ApiToken:
    """Revoke a token for good. Revoking a revoked token changes nothing and logs nothing."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Say why the token is revoked."})
    with transaction.atomic():
        locked = ApiToken.objects.select_for_update().select_related("user").get(pk=token.pk)
        if locked.revoked_at is not None:
            return locked
        locked.revoked_at = timezone.now()
        locked.revoked_by_username = actor.get_username()
        locked.revoked_reason = reason[:200]
        locked.save(update_fields=["revoked_at", "revoked_by_username", "revoked_reason"])
        access_record(
            actor=actor,
            action=AccessAction.TOKEN_REVOKE,
            object_type="api_token",
            object_id=locked.pk,
            object_label=f"{locked.user.get_username()}: {locked.label}",
            reason=reason,
            detail={"user": locked.user.get_username(), "prefix": locked.prefix},
        )
    return locked


def api_tokens_expire(*, now: dt.datetime | None = None, by: str = "scheduler") -> int:
    """Mark the tokens past their expiry as revoked ("expired"), each with its access-log event
    (as a revocation by a person has), under `by`, the job that did it: a token's end is in the
    log whoever ended it. Returns how many."""
    now = now or timezone.now()
    with transaction.atomic():
        expired = list(
            ApiToken.objects.select_for_update()
            .select_related("user")
            .filter(revoked_at__isnull=True, expires_at__lte=now)
        )
        for token in expired:
            token.revoked_at = now
            token.revoked_by_username = by
            token.revoked_reason = "expired"
            _insert_sealed(
                {
                    "actor_id": None,
                    "actor_username": by,
                    "actor_role": "",
                    "action": AccessAction.TOKEN_REVOKE,
                    "object_type": "api_token",
                    "object_id": str(token.pk),
                    "object_label": f"{token.user.get_username()}: {token.label}"[:200],
                    "reason": "expired",
                    "detail": {
                        "user": token.user.get_username(),
                        "prefix": token.prefix,
                        "expires_at": token.expires_at.isoformat(),
                    },
                }
            )
        ApiToken.objects.bulk_update(expired, ["revoked_at", "revoked_by_username", "revoked_reason"])
    return len(expired)


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
    known = actor if actor is not None and actor.is_authenticated else None
    return _insert_sealed(
        {
            "actor_id": known.pk if known else None,
            "actor_username": known.get_username() if known else ANONYMOUS,
            "actor_role": known.role if known else "",
            "action": AccessAction.NOT_FOUND if status == 404 else AccessAction.DENIED,
            "object_type": object_type,
            "object_id": str(object_id),
            "detail": {"status": status, "url_name": url_name, "method": method},
        }
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
