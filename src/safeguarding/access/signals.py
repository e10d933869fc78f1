"""Sign-in events into the access log (issue 12): sign-in, failed sign-in, lockout, sign-out.

Connected in AccessConfig.ready(). Django's auth signals and django-axes' lockout signal; the
attempted username of a failed sign-in goes to the access log only, never to application logs.
"""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from safeguarding.access.mfa import IDP_MFA_SESSION_KEY
from safeguarding.access.models import AccessAction, SignedInSession, User
from safeguarding.access.services import signin_record
from safeguarding.access.sessions import client_ip, session_signed_in_now, session_track


def _ip(request) -> str | None:
    return client_ip(request) if request is not None else None


@receiver(user_logged_in, dispatch_uid="access_signed_in")
def signed_in(sender, request, user, **kwargs):
    method = "oidc" if getattr(user, "backend", "").endswith("ForceOIDCBackend") else "password"
    signin_record(
        action=AccessAction.LOGIN,
        username=user.get_username(),
        user=user,
        ip_address=_ip(request),
        detail={"step": method},
    )
    if request is not None and hasattr(request, "session"):
        if getattr(user, "mfa_by_identity_provider", False):
            request.session[IDP_MFA_SESSION_KEY] = True  # access/oidc.py: the amr claim said so
        session_signed_in_now(request)
        session_track(request, user)


@receiver(user_login_failed, dispatch_uid="access_sign_in_failed")
def sign_in_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))

    user = User.objects.filter(username=username).first() if username else None
    signin_record(
        action=AccessAction.LOGIN_FAILED,
        username=username,
        user=user,
        ip_address=_ip(request),
        detail={"step": "password", "locked_out": bool(getattr(request, "axes_locked_out", False))},
    )


@receiver(user_locked_out, dispatch_uid="access_locked_out")
def locked_out(sender, request, username, ip_address, **kwargs):

    user = User.objects.filter(username=username).first() if username else None
    signin_record(action=AccessAction.LOCKOUT, username=username or "", user=user, ip_address=ip_address)


@receiver(user_logged_out, dispatch_uid="access_signed_out")
def signed_out(sender, request, user, **kwargs):
    if user is None:
        return
    signin_record(
        action=AccessAction.LOGOUT,
        username=user.get_username(),
        user=user,
        ip_address=_ip(request),
        detail={"why": getattr(request, "signout_reason", "signed_out")},
    )
    key = getattr(getattr(request, "session", None), "session_key", None)
    if key:
        SignedInSession.objects.filter(session_key=key).delete()
