"""The second factor (django-otp): a TOTP device per user, ten one-time recovery codes, and the
session's "second factor done" mark. Every role needs it (issue 13)."""

import secrets
import time
from base64 import b32encode
from binascii import unhexlify

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import login as otp_login
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from safeguarding.access.models import (
    RECOVERY_LOOKUP_LENGTH,
    RECOVERY_SECRET_LENGTH,
    AccessAction,
    RecoveryCode,
    RecoveryCodeDevice,
    User,
)
from safeguarding.access.services import access_record

RECOVERY_CODE_COUNT = 10
RECOVERY_DEVICE_NAME = "recovery codes"
# Set when the identity provider (OIDC) vouched for its own multi-factor sign-in (access/oidc.py).
IDP_MFA_SESSION_KEY = "mfa_by_identity_provider"
BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"


def is_verified(request) -> bool:
    user = request.user
    if not user.is_authenticated:
        return False
    if getattr(user, "is_verified", None) and user.is_verified():
        return True
    return bool(request.session.get(IDP_MFA_SESSION_KEY))


def has_device(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def base32_secret(device: TOTPDevice) -> str:
    return b32encode(unhexlify(device.key.encode())).decode()


def totp_device_start(user: User) -> TOTPDevice:
    """An unconfirmed device with a fresh secret: confirmed once the user types a code from it."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="authenticator app", confirmed=False)


def _random_base32(length: int) -> str:
    return "".join(secrets.choice(BASE32) for _ in range(length))


def recovery_codes_issue(user: User) -> list[str]:
    """Replace the user's recovery codes with ten new ones, returned to be shown once; only a
    salted password hash of each is stored (ASVS V6.5.2)."""
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()  # codes of before, stored as issued
        device, _ = RecoveryCodeDevice.objects.get_or_create(
            user=user, name=RECOVERY_DEVICE_NAME, defaults={"confirmed": True}
        )
        device.codes.all().delete()
        lookups: set[str] = set()
        while len(lookups) < RECOVERY_CODE_COUNT:
            lookups.add(_random_base32(RECOVERY_LOOKUP_LENGTH))
        codes = [f"{lookup}-{_random_base32(RECOVERY_SECRET_LENGTH)}" for lookup in sorted(lookups)]
        RecoveryCode.objects.bulk_create(
            RecoveryCode(
                device=device,
                lookup=code[:RECOVERY_LOOKUP_LENGTH],
                code_hash=make_password(code[-RECOVERY_SECRET_LENGTH:]),
            )
            for code in codes
        )
    return codes


def mfa_enrol_confirm(*, actor: User, device: TOTPDevice, token: str, request) -> list[str] | None:
    """Confirm the actor's new TOTP device with a code from it; on success the session counts as
    verified and ten recovery codes are returned (to show once). None if the code is wrong."""
    if device.user_id != actor.pk or not device.verify_token(token):
        return None
    with transaction.atomic():
        TOTPDevice.objects.filter(user=actor, confirmed=True).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = recovery_codes_issue(actor)
        access_record(
            actor=actor,
            action=AccessAction.ACCOUNT,
            object_type="user",
            object_id=actor.pk,
            object_label=actor.get_username(),
            detail={"change": "mfa_enrolled"},
        )
    otp_login(request, device)
    return codes


def mfa_reset(*, actor: User, user: User) -> None:
    """An administrator removes a user's second factor (lost phone): they enrol again at next sign-in."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        RecoveryCodeDevice.objects.filter(user=user).delete()
        access_record(
            actor=actor,
            action=AccessAction.ACCOUNT,
            object_type="user",
            object_id=user.pk,
            object_label=user.get_username(),
            detail={"change": "mfa_reset"},
        )


def verified_device_for_session(session, user: User) -> None:
    """Mark a session as having passed the second factor with the user's device (tests, benches)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="test device", confirmed=True)
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id


def demo_device_ensure(user: User) -> TOTPDevice:
    """Give a demo user the demo force's known TOTP secret. Refused without DEMO_MFA_SECRET
    (unset in production, and a deploy check fails if it is set there)."""
    secret = settings.DEMO_MFA_SECRET
    if not secret:
        raise RuntimeError("DEMO_MFA_SECRET is not set: demo second-factor devices are refused here.")
    device, _ = TOTPDevice.objects.update_or_create(
        user=user, name="demo authenticator", defaults={"key": secret, "confirmed": True}
    )
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    return device


def current_code(key_hex: str) -> str:
    """The TOTP code for a hex secret now (what an authenticator app shows)."""
    totp = TOTP(unhexlify(key_hex.encode()))
    totp.time = time.time()
    return f"{totp.token():06d}"


def next_code_for(device: TOTPDevice) -> str:
    """A code the device will accept now: a device refuses a second code from a step it has
    already accepted, so when signing in twice within 30 s (benches, tests) take the next step,
    which its tolerance of one step allows."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    wanted = max(totp.t(), device.last_t + 1)
    totp.time = (wanted - device.drift) * device.step + device.t0
    return f"{totp.token():06d}"
