"""Re-authentication (step-up) before the riskiest reads: exports, the access-log export, a
record outside one's districts. Not before the first-contact summary: a call handler is never
kept from it (issue 13)."""

import functools
from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

STEP_UP_SESSION_KEY = "stepped_up_at"


def stepped_up(request) -> bool:
    at = request.session.get(STEP_UP_SESSION_KEY)
    return at is not None and timezone.now().timestamp() - at <= settings.STEP_UP_SECONDS


def mark_stepped_up(session) -> None:
    session[STEP_UP_SESSION_KEY] = timezone.now().timestamp()


def step_up_redirect(request):
    return redirect(f"{reverse('step_up')}?{urlencode({'next': request.get_full_path()})}")


def step_up_required(view):
    """Send the user to re-enter their password unless they did within STEP_UP_SECONDS."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if not stepped_up(request):
            return step_up_redirect(request)
        return view(request, *args, **kwargs)

    return wrapped
