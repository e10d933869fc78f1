"""Signing in (issue 13; events from issue 12): lockout and its log events, the second factor
for every role, enrolment and recovery codes. Each test here fails on the main of 2026-12-07,
where 40 wrong passwords then the right one signed in and nothing was logged."""

import logging

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from safeguarding.access.mfa import current_code
from safeguarding.access.models import AccessAction, AccessEvent, RecoveryCode, User
from safeguarding.access.roles import Role
from tests.conftest import CAST
from tests.signin import TEST_PASSWORD, code_for

pytestmark = pytest.mark.django_db


def sign_in(client: Client, username: str, password: str = TEST_PASSWORD, **extra):
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def events(action: AccessAction, username: str = "") -> list[AccessEvent]:
    found = AccessEvent.objects.filter(action=action)
    if username:
        found = found.filter(actor_username=username)
    return list(found)


# --- Brute force ----------------------------------------------------------------------------


def test_forty_wrong_passwords_then_the_right_one_is_refused_and_every_attempt_is_logged(cast, settings):
    settings.AXES_FAILURE_LIMIT = 5
    client = Client()
    for _ in range(40):
        sign_in(client, "officer_north", "wrong-password-guess")
    response = sign_in(client, "officer_north")
    assert response.status_code == 429
    assert "Too many failed sign-ins" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("people:search")).status_code == 302  # still signed out
    failed = events(AccessAction.LOGIN_FAILED, "officer_north")
    assert len(failed) == 41  # every attempt, the right password during the lockout too
    assert failed[0].actor_id == cast["officer_north"].pk
    assert events(AccessAction.LOCKOUT, "officer_north")
    assert not events(AccessAction.LOGIN, "officer_north")


def test_lockout_is_per_source_address_too(cast, settings):
    """Guessing across many usernames from one address locks the address."""
    settings.AXES_FAILURE_LIMIT = 3
    client = Client(REMOTE_ADDR="203.0.113.9")
    for name in ("nobody1", "nobody2", "nobody3", "nobody4"):
        sign_in(client, name, "wrong-password-guess")
    assert sign_in(client, "officer_south").status_code == 429
    # Another address still signs in.
    elsewhere = Client(REMOTE_ADDR="198.51.100.7")
    assert sign_in(elsewhere, "officer_south").status_code == 302


def test_failed_sign_in_keeps_the_attempted_username_in_the_access_log_only(db, caplog):
    caplog.set_level(logging.DEBUG)
    sign_in(Client(), "someone.guessed", "wrong-password-guess")
    event = AccessEvent.objects.get(action=AccessAction.LOGIN_FAILED)
    assert event.actor_username == "someone.guessed" and event.actor_id is None
    assert event.detail["ip_address"] == "127.0.0.1"
    assert "someone.guessed" not in caplog.text


def test_sign_in_and_sign_out_are_logged(cast):
    client = Client()
    assert sign_in(client, "officer_north").status_code == 302
    client.post(reverse("mfa_verify"), {"code": code_for(cast["officer_north"])})
    logins = events(AccessAction.LOGIN, "officer_north")
    assert [event.detail["step"] for event in logins] == ["second_factor", "password"]
    assert logins[0].detail["second_factor"] == "totp"
    client.post(reverse("logout"))
    (logout,) = events(AccessAction.LOGOUT, "officer_north")
    assert logout.detail["why"] == "signed_out"


# --- The second factor ----------------------------------------------------------------------


@pytest.mark.parametrize("username", list(CAST))
def test_every_role_needs_the_second_factor(cast, username):
    client = Client()
    response = sign_in(client, username)
    assert response.status_code == 302 and response["Location"].startswith(reverse("mfa_verify"))
    # With the password alone no page opens: every one sends to the second factor.
    for url in (reverse("home"), reverse("account"), reverse("access_log"), reverse("people:search")):
        refused = client.get(url)
        assert refused.status_code == 302 and refused["Location"].startswith(reverse("mfa_verify")), url
    passed = client.post(reverse("mfa_verify"), {"code": code_for(cast[username]), "next": "/"})
    assert passed.status_code == 302 and passed["Location"] == "/"
    assert client.get(reverse("account")).status_code == 200


def test_session_api_calls_need_the_second_factor_too(cast):
    client = Client()
    sign_in(client, "officer_north")
    assert client.get(reverse("v1:schema")).status_code == 403
    client.post(reverse("mfa_verify"), {"code": code_for(cast["officer_north"])})
    assert client.get(reverse("v1:schema")).status_code == 200


def test_a_wrong_code_is_refused_and_logged(cast):
    client = Client()
    sign_in(client, "officer_north")
    right = code_for(cast["officer_north"])
    wrong = f"{(int(right) + 1) % 1000000:06d}"
    response = client.post(reverse("mfa_verify"), {"code": wrong})
    assert response.status_code == 200
    assert "Code: that code is wrong" in response.content.decode()
    assert client.get(reverse("account")).status_code == 302
    (failed,) = events(AccessAction.LOGIN_FAILED, "officer_north")
    assert failed.detail["step"] == "second_factor"


def test_a_new_user_enrols_an_authenticator_and_gets_recovery_codes_that_work_once(districts, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # django-otp's delay after the wrong code below
    User.objects.create_user(username="new_officer", password="a-long-passphrase-9", role=Role.OFFICER)
    client = Client()
    response = sign_in(client, "new_officer", "a-long-passphrase-9")
    assert client.get(response["Location"])["Location"].startswith(reverse("mfa_enrol"))
    page = client.get(reverse("mfa_enrol"))
    assert page.status_code == 200
    device = TOTPDevice.objects.get(user__username="new_officer", confirmed=False)
    assert page.context["secret"] in page.content.decode()
    wrong = "000000" if current_code(device.key) != "000000" else "111111"
    bad = client.post(reverse("mfa_enrol"), {"code": wrong})
    assert "does not match" in bad.content.decode()
    done = client.post(reverse("mfa_enrol"), {"code": current_code(device.key)})
    codes = done.context["codes"]
    assert len(codes) == 10 and all(code in done.content.decode() for code in codes)
    assert client.get(reverse("account")).status_code == 200
    assert AccessEvent.objects.filter(action=AccessAction.ACCOUNT, detail__change="mfa_enrolled").count() == 1

    # A recovery code signs in once, then never again.
    for attempt, expected in ((1, True), (2, False)):
        again = Client()
        sign_in(again, "new_officer", "a-long-passphrase-9")
        again.post(reverse("mfa_verify"), {"code": codes[0]})
        assert (again.get(reverse("account")).status_code == 200) is expected, attempt
    assert RecoveryCode.objects.filter(device__user__username="new_officer").count() == 9


def test_recovery_codes_are_stored_only_as_salted_hashes(cast, client_for):
    from django.db import connection

    response = client_for("officer_north").post(reverse("recovery_codes_new"))
    codes = response.context["codes"]
    assert len(codes) == 10
    stored = list(
        RecoveryCode.objects.filter(device__user=cast["officer_north"]).values_list("code_hash", flat=True)
    )
    assert len(stored) == 10 and all(h.startswith("md5$") or "$" in h for h in stored)  # a hasher's format
    with connection.cursor() as cursor:  # no table holds any code, in any column
        for model in (RecoveryCode,):
            cursor.execute(f"SELECT * FROM {model._meta.db_table}")
            dump = repr(cursor.fetchall())
        cursor.execute("SELECT token FROM otp_static_statictoken")
        dump += repr(cursor.fetchall())
    for code in codes:
        assert code not in dump and code.replace("-", "") not in dump
        assert code.split("-")[-1] not in dump
    # The account page shows no codes; new ones are shown once, on the answer that made them.
    assert not any(
        code in client_for("officer_north").get(reverse("account")).content.decode() for code in codes
    )


def test_the_password_alone_cannot_replace_an_existing_second_factor(cast):
    client = Client()
    sign_in(client, "officer_north")
    response = client.get(reverse("mfa_enrol"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("mfa_verify"))
    assert not TOTPDevice.objects.filter(user=cast["officer_north"], confirmed=False).exists()


def test_the_admin_resets_a_lost_second_factor_and_the_user_enrols_again(cast, client_for):
    client_for("admin").post(reverse("user_mfa_reset", args=[cast["officer_north"].pk]))
    assert not TOTPDevice.objects.filter(user=cast["officer_north"]).exists()
    client = Client()
    response = sign_in(client, "officer_north")
    assert client.get(response["Location"])["Location"].startswith(reverse("mfa_enrol"))


def test_the_second_factor_page_shows_nothing_of_the_roles_menu(cast):
    client = Client()
    sign_in(client, "admin")
    page = client.get(reverse("mfa_verify")).content.decode()
    assert reverse("access_log") not in page and reverse("users") not in page
    client.post(reverse("mfa_verify"), {"code": code_for(cast["admin"])})
    assert reverse("access_log") in client.get(reverse("account")).content.decode()


def test_a_recovery_code_is_checked_by_hashing_and_wrong_ones_are_throttled(cast):
    from safeguarding.access.mfa import recovery_codes_issue
    from safeguarding.access.models import RecoveryCodeDevice

    codes = recovery_codes_issue(cast["officer_north"])
    device = RecoveryCodeDevice.objects.get(user=cast["officer_north"])
    assert not device.verify_token("123456")  # a TOTP code costs no hash and no throttle
    device.refresh_from_db()
    assert device.throttling_failure_count == 0
    assert not device.verify_token(codes[0][:5] + "AAAAAAAA")
    device.refresh_from_db()
    assert device.throttling_failure_count == 1
    assert not device.verify_token(codes[0])  # throttled for now, even the right code
    device.throttle_reset()
    assert device.verify_token(codes[0].replace("-", "").lower())  # typed without the dash
    assert not device.verify_token(codes[0])  # used once
