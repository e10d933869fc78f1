"""Signed-in sessions: the user's list of them, ending them, the inactivity timeout.

Django's session row holds the data; `SignedInSession` says whose it is, when it began and was
last seen, and from which browser and address, so it can be listed and ended.
"""

import datetime as dt
from importlib import import_module

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from safeguarding.access.models import AccessAction, SignedInSession, User
from safeguarding.access.services import access_record

LAST_ACTIVITY_KEY = "last_activity"
# When the user signed in: the absolute limit (SESSION_ABSOLUTE_SECONDS) counts from here, as
# Django renews the cookie's and the row's expiry each time the session is saved.
SIGNED_IN_AT_KEY = "signed_in_at"
# Writing last-seen on every request would be a write per click; once a minute is enough for
# a 30-minute timeout and for the user's list of sessions.
TOUCH_EVERY = dt.timedelta(seconds=60)


def client_ip(request) -> str | None:
    return getattr(request, "axes_ip_address", None) or request.META.get("REMOTE_ADDR") or None


def session_track(request, user: User) -> None:
    """Record (or re-key) the signed-in session of this request."""
    session = request.session
    if session.session_key is None:
        session.save()
    now = timezone.now()
    session[LAST_ACTIVITY_KEY] = now.timestamp()
    SignedInSession.objects.update_or_create(
        session_key=session.session_key,
        defaults={
            "user": user,
            "last_seen_at": now,
            "user_agent": request.META.get("HTTP_USER_AGENT", "")[:200],
            "ip_address": client_ip(request),
        },
    )


def session_rekey(request, old_key: str | None) -> None:
    """After update_session_auth_hash cycles the key, keep the same row for the new key."""
    if old_key and old_key != request.session.session_key:
        SignedInSession.objects.filter(session_key=old_key).update(session_key=request.session.session_key)


def _store():
    return import_module(settings.SESSION_ENGINE).SessionStore


def sessions_end(*, actor: User, user: User, keep_session_key: str | None = None, reason: str = "") -> int:
    """End the user's signed-in sessions (all but `keep_session_key`). Returns how many."""
    store = _store()
    with transaction.atomic():
        rows = list(SignedInSession.objects.filter(user=user).exclude(session_key=keep_session_key or ""))
        for row in rows:
            store(session_key=row.session_key).delete()
        SignedInSession.objects.filter(pk__in=[row.pk for row in rows]).delete()
        access_record(
            actor=actor,
            action=AccessAction.ACCOUNT,
            object_type="user",
            object_id=user.pk,
            object_label=user.get_username(),
            detail={"change": "sessions_ended", "count": len(rows), "why": reason},
        )
    return len(rows)


def session_end_one(*, actor: User, session_id: int) -> bool:
    """End one of the actor's own other sessions; False if it is not theirs (or gone)."""
    row = SignedInSession.objects.filter(pk=session_id, user=actor).first()
    if row is None:
        return False
    with transaction.atomic():
        _store()(session_key=row.session_key).delete()
        row.delete()
        access_record(
            actor=actor,
            action=AccessAction.ACCOUNT,
            object_type="user",
            object_id=actor.pk,
            object_label=actor.get_username(),
            detail={"change": "session_ended", "count": 1},
        )
    return True


def session_signed_in_now(request) -> None:
    """Start the absolute limit's clock (at each sign-in)."""
    request.session[SIGNED_IN_AT_KEY] = timezone.now().timestamp()


def session_expired(request) -> str | None:
    """Why this signed-in session must end now ("inactivity" or "absolute_limit"), or None.
    A session signed in without the sign-in signal (a bench's force_login) starts the clock at its
    first request."""
    now = timezone.now().timestamp()
    signed_in_at = request.session.setdefault(SIGNED_IN_AT_KEY, now)
    if now - signed_in_at >= settings.SESSION_ABSOLUTE_SECONDS:
        return "absolute_limit"
    if inactive_too_long(request):
        return "inactivity"
    return None


def inactive_too_long(request) -> bool:
    last = request.session.get(LAST_ACTIVITY_KEY)
    if last is None:
        return False
    return timezone.now().timestamp() - last > settings.SESSION_INACTIVITY_SECONDS


def session_touch(request) -> None:
    """Note this request as activity (at most once a minute)."""
    now = timezone.now()
    last = request.session.get(LAST_ACTIVITY_KEY)
    if last is not None and now.timestamp() - last < TOUCH_EVERY.total_seconds():
        return
    request.session[LAST_ACTIVITY_KEY] = now.timestamp()
    key = request.session.session_key
    if key is None:
        return
    updated = SignedInSession.objects.filter(session_key=key).update(last_seen_at=now)
    if not updated:
        # Signed in without the sign-in signal having seen it (force_login in a bench): track it now.
        session_track(request, request.user)
