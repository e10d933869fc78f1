from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseForbidden
from django.shortcuts import redirect
from django.urls import reverse

from safeguarding.access.declarations import ANY_STAFF, PUBLIC, SIGNING_IN, declared_permission, is_api_view
from safeguarding.access.mfa import has_device, is_verified
from safeguarding.access.sessions import inactive_too_long, session_touch


class SessionActivityMiddleware:
    """Ends a session after SESSION_INACTIVITY_SECONDS without a request (the absolute limit is
    SESSION_COOKIE_AGE), and notes activity for the user's list of sessions."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if hasattr(request, "session") and request.user.is_authenticated:
            if inactive_too_long(request):
                request.signout_reason = "inactivity"
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
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        permission = declared_permission(view_func)
        if permission is None:
            return HttpResponseForbidden("This page declares no permission and is refused.")
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
            return HttpResponseForbidden("Your role does not allow this.")
        return None
