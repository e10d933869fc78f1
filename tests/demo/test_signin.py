"""The demo force's second factor: every named demo login has the demo TOTP secret, `make demo`
prints how to use it, and the shortcut is refused where the secret is unset (production)."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from safeguarding.access.mfa import base32_secret, current_code
from safeguarding.access.models import User
from safeguarding.demo.force import DEMO_PASSWORD
from safeguarding.demo.signin import bench_client

pytestmark = pytest.mark.django_db

NAMED = ("officer", "supervisor", "safeguarding", "auditor", "inspector", "pcc", "admin")


def test_demo_logins_sign_in_with_the_printed_demo_key(settings):
    out = io.StringIO()
    call_command("demo_data", children=60, seed=4, quiet=True, stdout=out)
    text = out.getvalue()
    device = TOTPDevice.objects.get(user__username="officer")
    assert base32_secret(device) in text and "safeguarding demo-code" in text
    assert set(
        TOTPDevice.objects.filter(user__username__in=NAMED, key=settings.DEMO_MFA_SECRET).values_list(
            "user__username", flat=True
        )
    ) == set(NAMED)

    code = io.StringIO()
    call_command("demo_code", stdout=code)
    client = Client()
    client.post(reverse("login"), {"username": "pcc", "password": DEMO_PASSWORD})
    client.post(reverse("mfa_verify"), {"code": code.getvalue().strip()})
    assert client.get(reverse("account")).status_code == 200


def test_the_demo_shortcuts_are_refused_without_the_demo_secret(settings, districts):
    settings.DEMO_MFA_SECRET = ""
    with pytest.raises(CommandError, match="DEMO_MFA_SECRET"):
        call_command("demo_code", stdout=io.StringIO())
    user = User.objects.create_user(username="bench_user", role="officer")
    with pytest.raises(RuntimeError, match="DEMO_MFA_SECRET"):
        bench_client(user)


def test_a_bench_client_has_passed_the_second_factor_on_its_page(districts):
    user = User.objects.create_user(username="bench_user", role="pcc_analyst")
    client = bench_client(user)
    assert client.get(reverse("reports:index")).status_code == 200
    assert client.get(reverse("reports:report_csv", args=["voice"]))["Location"].startswith(
        reverse("step_up")
    )
    assert (
        bench_client(user, step_up=True).get(reverse("reports:report_csv", args=["voice"])).status_code == 200
    )
    assert current_code(TOTPDevice.objects.get(user=user).key).isdigit()
