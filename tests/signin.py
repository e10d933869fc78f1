"""Signing in for tests: the cast's TOTP secret, and a client that has passed both factors.

Most tests use `client_for(name)` (conftest), a session signed in as `force_login` makes one and
marked as having passed the second factor with the user's device, as django-otp's own login
does. Tests of the second factor itself sign in through the pages (tests/access/test_signin.py).
"""

from importlib import import_module

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from safeguarding.access.mfa import next_code_for, verified_device_for_session
from safeguarding.access.sessions import LAST_ACTIVITY_KEY
from safeguarding.access.stepup import mark_stepped_up

# The cast's shared test TOTP secret (hex, as django-otp stores it). Test-only.
TEST_TOTP_SECRET = "3132333435363738393031323334353637383930"
TEST_PASSWORD = "test-password-123"


def give_totp_device(user) -> TOTPDevice:
    device, _ = TOTPDevice.objects.update_or_create(
        user=user, name="test authenticator", defaults={"key": TEST_TOTP_SECRET, "confirmed": True}
    )
    return device


def verified_client(user, *, stepped_up: bool = False) -> Client:
    """A client whose session is signed in with both factors (and, if asked, freshly stepped
    up). Made directly, as `force_login` makes one but without its sign-in signal: feature tests
    count their own access events, and the sign-in events have their own tests."""
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = user._meta.pk.value_to_string(user)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[LAST_ACTIVITY_KEY] = timezone.now().timestamp()
    verified_device_for_session(session, user)
    if stepped_up:
        mark_stepped_up(session)
    session.save()
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    return client


def code_for(user) -> str:
    """A TOTP code the user's test device accepts now."""
    return next_code_for(TOTPDevice.objects.get(user=user, confirmed=True))
