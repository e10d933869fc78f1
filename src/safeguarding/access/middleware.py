from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers

from safeguarding.access.declarations import ANY_STAFF, PUBLIC, SIGNING_IN, declared_permission, is_api_view
from safeguarding.access.mfa import has_device, is_verified
from safeguarding.access.refusals import requested_record
from safeguarding.access.services import access_refusal_record
from safeguarding.access.sessions import session_expired, session_touch

# 401 and 403 are refusals, 404 a record not found (or out of scope, which reads the same).
LOGGED_STATUSES = frozenset({401, 403, 404})
# The one wording of a refusal, on every page that refuses (the 403 page shows it).
REFUSAL = "Your role does not allow this."


class SessionActivityMiddleware:
    """Ends a session after SESSION_INACTIVITY_SECONDS without a request, or SESSION_ABSOLUTE_SECONDS
    after sign-in however active it is (the cookie's own SESSION_COOKIE_AGE is renewed whenever the
    session is saved, so it is no cap), and notes activity for the user's list of sessions."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if hasattr(request, "session") and request.user.is_authenticated:
            reason = session_expired(request)
            if reason:
                request.signout_reason = reason
                logout(request)
            else:
                session_touch(request)
        return self.get_response(request)


def _allowed_before_password_change(view_func) -> bool:
    holder = getattr(view_func, "view_class", view_func)
    return bool(getattr(holder, "allowed_before_password_change", False))


def _with_next(url_name: str, request) -> str:
    return f"{reverse(url_name)}?{urlencode({'next': request.get_full_path()})}"


class DeclaredPermissionMiddleware:
    """Deny by default: a view that does not declare who may use it is refused for everyone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code in LOGGED_STATUSES:
            self.log_refusal(request, response.status_code)
        return response

    @staticmethod
    def log_refusal(request, status: int) -> None:
        """One event per refused or not-found request, whoever refused it: this middleware, a
        view's PermissionDenied or Http404, a selector's get_object_or_404, or the API (DRF turns
        its own refusals into responses, and has set request.user to the token's user by then).
        The response is left exactly as it was, so a 404 for a missing record and one for a record
        out of scope stay byte-identical.

        Not logged: a path that resolves to no view (a scanner's guesses name no record and would
        only flood the log), and an anonymous page request, which never gets this far: it is sent
        to sign in before its view runs and sees nothing, and the sign-in that follows is logged.
        An anonymous API request is refused here (401/403) and logged as "anonymous": a token
        being tried against record URLs is what an investigator needs to see. So is a form
        refused by the CSRF check (403), signed in or not.
        """
        match = getattr(request, "resolver_match", None)
        if match is None:
            return
        object_type, object_id = requested_record(match)
        access_refusal_record(
            actor=getattr(request, "user", None),
            status=status,
            object_type=object_type,
            object_id=object_id,
            url_name=match.view_name,
            method=request.method,
        )

    def process_view(self, request, view_func, view_args, view_kwargs):
        permission = declared_permission(view_func)
        if permission is None:
            raise PermissionDenied("This page declares no permission and is refused.")
        if permission == PUBLIC:
            return None
        if is_api_view(view_func):
            # The API authenticates by token as well as session; its permission class decides.
            return None
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        if permission == SIGNING_IN:
            return None
        if not is_verified(request):
            # Both factors, for every role: enrol first if there is no device yet.
            return redirect(_with_next("mfa_verify" if has_device(user) else "mfa_enrol", request))
        if user.must_change_password and not _allowed_before_password_change(view_func):
            return redirect("password_change")
        if permission == ANY_STAFF:
            return None
        if not user.can(permission):
            # Raised, not returned, so the styled 403 page (templates/403.html) answers it.
            raise PermissionDenied(REFUSAL)
        return None


class NoStoreMiddleware:
    """Nothing the application answers is kept by a browser or a proxy (ASVS 14.3.2): pages, the
    API and downloads all hold personal data or lead to it, and a shared or seized machine's cache
    must not give it back. Static files never reach this: WhiteNoise, above it in MIDDLEWARE,
    answers them first (they are long-cached by design and hold nothing personal)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # no-store, no-cache, must-revalidate, private, max-age=0, and an Expires in the past.
        add_never_cache_headers(response)
        response["Pragma"] = "no-cache"  # HTTP/1.0 caches
        return response
