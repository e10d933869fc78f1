"""Signing in for tests: the cast's TOTP secret, and a client that has passed both factors.

Most tests use `client_for(name)` (conftest), which signs in with `force_login` and marks the
session as having passed the second factor with the user's device, as django-otp's own login
does. Tests of the second factor itself sign in through the pages (tests/access/test_signin.py).
"""

from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from safeguarding.access.mfa import next_code_for, verified_device_for_session
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
    client = Client()
    client.force_login(user)
    session = client.session
    verified_device_for_session(session, user)
    if stepped_up:
        mark_stepped_up(session)
    session.save()
    return client


def code_for(user) -> str:
    """A TOTP code the user's test device accepts now."""
    return next_code_for(TOTPDevice.objects.get(user=user, confirmed=True))
