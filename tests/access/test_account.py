"""The account's controls (issue 13): password change and the administrator's temporary password,
the password policy, the inactivity timeout, seeing and ending sessions, step-up before exports
and other districts' records, __Host- cookies and the demo secret refused in production."""

import datetime as dt
import os
import subprocess
import sys

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from safeguarding.access.checks import demo_second_factor_refused
from safeguarding.access.models import AccessAction, AccessEvent, SignedInSession
from tests.factories import make_person
from tests.signin import TEST_PASSWORD, code_for, verified_client

pytestmark = pytest.mark.django_db

REASON = {"reason_code": "missing_person", "reason_reference": "MP/0077/26"}  # first contact's reason


def full_sign_in(user, password: str = TEST_PASSWORD, **extra) -> Client:
    client = Client(**extra)
    response = client.post(reverse("login"), {"username": user.username, "password": password})
    assert response.status_code == 302, response.content[:300]
    client.post(reverse("mfa_verify"), {"code": code_for(user)})
    return client


def signed_in(client: Client) -> bool:
    return client.get(reverse("account")).status_code == 200


# --- Passwords --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("new_password", "message"),
    [
        ("short-pw-1", "This password is too short. It must contain at least 12 characters."),
        ("password1234", "This password is too common."),
        ("12345678901234", "This password is entirely numeric."),
    ],
)
def test_a_new_password_needs_12_characters_and_not_a_common_one(cast, new_password, message):
    client = verified_client(cast["officer_north"])
    response = client.post(
        reverse("password_change"),
        {"old_password": TEST_PASSWORD, "new_password1": new_password, "new_password2": new_password},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    cast["officer_north"].refresh_from_db()
    assert cast["officer_north"].check_password(TEST_PASSWORD)


def test_changing_the_password_keeps_this_session_and_ends_the_others(cast):
    user = cast["officer_north"]
    here = full_sign_in(user, HTTP_USER_AGENT="here")
    there = full_sign_in(user, HTTP_USER_AGENT="there")
    response = here.post(
        reverse("password_change"),
        {
            "old_password": TEST_PASSWORD,
            "new_password1": "a-new-long-passphrase",
            "new_password2": "a-new-long-passphrase",
        },
    )
    assert response.status_code == 302
    assert signed_in(here)
    assert not signed_in(there)
    assert list(SignedInSession.objects.filter(user=user).values_list("user_agent", flat=True)) == ["here"]
    assert AccessEvent.objects.filter(action=AccessAction.ACCOUNT, detail__change="password_changed").exists()


def test_the_admin_gives_a_temporary_password_that_must_be_changed_at_next_sign_in(
    cast, client_for, settings
):
    settings.AXES_FAILURE_LIMIT = 3
    user = cast["officer_south"]
    old_session = full_sign_in(user)
    for _ in range(3):  # and the account is locked out
        Client().post(reverse("login"), {"username": user.username, "password": "wrong-guess-here"})
    response = client_for("admin").post(reverse("user_password_reset", args=[user.pk]))
    temporary = response.context["temporary"]
    assert temporary in response.content.decode()
    assert not signed_in(old_session)  # their sessions ended
    client = full_sign_in(user, temporary)  # the lockout is lifted
    forced = client.get(reverse("people:search"))
    assert forced.status_code == 302 and forced["Location"] == reverse("password_change")
    client.post(
        reverse("password_change"),
        {
            "old_password": temporary,
            "new_password1": "my-own-passphrase-7",
            "new_password2": "my-own-passphrase-7",
        },
    )
    assert client.get(reverse("people:search")).status_code == 200
    assert AccessEvent.objects.filter(
        detail__change="temporary_password_set", object_id=str(user.pk)
    ).exists()


# --- Sessions ---------------------------------------------------------------------------------


def test_a_session_ends_after_30_minutes_without_a_request(cast):
    user = cast["officer_north"]
    with time_machine.travel(dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC), tick=False) as clock:
        client = verified_client(user)
        assert signed_in(client)
        clock.shift(dt.timedelta(minutes=29))
        assert signed_in(client)  # activity resets the clock
        clock.shift(dt.timedelta(minutes=29))
        assert signed_in(client)
        clock.shift(dt.timedelta(minutes=31))
        response = client.get(reverse("account"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    (ended,) = AccessEvent.objects.filter(action=AccessAction.LOGOUT, actor_username="officer_north")
    assert ended.detail["why"] == "inactivity"


def test_the_inactivity_timeout_comes_from_settings(cast, settings):
    settings.SESSION_INACTIVITY_SECONDS = 5 * 60
    with time_machine.travel(dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC), tick=False) as clock:
        client = verified_client(cast["officer_north"])
        assert signed_in(client)
        clock.shift(dt.timedelta(minutes=6))
        assert not signed_in(client)


def test_a_user_sees_their_sessions_and_ends_another(cast):
    user = cast["officer_north"]
    here = full_sign_in(user, HTTP_USER_AGENT="Desk browser", REMOTE_ADDR="10.0.0.5")
    phone = full_sign_in(user, HTTP_USER_AGENT="Phone browser", REMOTE_ADDR="10.0.0.6")
    page = here.get(reverse("account")).content.decode()
    assert "Desk browser" in page and "Phone browser" in page and "10.0.0.6" in page
    other = SignedInSession.objects.get(user=user, user_agent="Phone browser")
    assert here.post(reverse("account_session_end", args=[other.pk])).status_code == 302
    assert not signed_in(phone)
    assert signed_in(here)
    assert not Session.objects.filter(session_key=other.session_key).exists()


def test_a_user_cannot_end_someone_elses_session(cast):
    theirs = full_sign_in(cast["officer_south"])
    row = SignedInSession.objects.get(user=cast["officer_south"])
    response = verified_client(cast["officer_north"]).post(reverse("account_session_end", args=[row.pk]))
    assert response.status_code == 404
    assert signed_in(theirs)


def test_the_admin_ends_all_of_a_users_sessions(cast, client_for):
    user = cast["officer_north"]
    one, two = full_sign_in(user), full_sign_in(user)
    detail = client_for("admin").get(reverse("user_detail", args=[user.pk]))
    assert detail.status_code == 200
    client_for("admin").post(reverse("user_sessions_end", args=[user.pk]))
    assert not signed_in(one) and not signed_in(two)
    event = AccessEvent.objects.get(detail__change="sessions_ended", object_id=str(user.pk))
    assert event.actor_username == "admin" and event.detail["count"] == 2


# --- Step-up ----------------------------------------------------------------------------------


def test_the_access_log_export_asks_for_the_password_again(cast):
    client = verified_client(cast["admin"])
    export = reverse("access_log_export")
    response = client.get(export)
    assert response.status_code == 302 and response["Location"].startswith(reverse("step_up"))
    wrong = client.post(reverse("step_up"), {"password": "not-my-password", "next": export})
    assert wrong.status_code == 200 and "Password: that is not your password." in wrong.content.decode()
    assert client.get(export).status_code == 302
    confirmed = client.post(reverse("step_up"), {"password": TEST_PASSWORD, "next": export})
    assert confirmed["Location"] == export
    assert client.get(export).status_code == 200


def test_step_up_lasts_only_its_configured_minutes(cast, settings):
    settings.STEP_UP_SECONDS = 60
    with time_machine.travel(dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC), tick=False) as clock:
        client = verified_client(cast["pcc_analyst"], stepped_up=True)
        url = reverse("standards:indicators_csv")
        assert client.get(url).status_code == 200
        clock.shift(dt.timedelta(minutes=2))
        assert client.get(url)["Location"].startswith(reverse("step_up"))


@pytest.mark.parametrize(
    ("username", "url"),
    [
        ("pcc_analyst", lambda: reverse("reports:report_csv", args=["voice"])),
        ("pcc_analyst", lambda: reverse("reports:report_pdf", args=["voice"])),
        ("pcc_analyst", lambda: reverse("standards:indicators_csv")),
        ("safeguarding_unit", lambda: reverse("inspections:recommendations_csv")),
    ],
)
def test_bulk_exports_ask_for_the_password_again(cast, username, url):
    response = verified_client(cast[username]).get(url())
    assert response.status_code == 302 and response["Location"].startswith(reverse("step_up"))


def test_another_districts_record_needs_step_up_but_the_first_contact_summary_never_does(cast, districts):
    oliver = make_person(
        districts["south"], forename="Oliver", surname="Pennington", date_of_birth="2012-09-03"
    )
    client = verified_client(cast["officer_north"])
    summary = client.post(
        reverse("firstcontact:lookup"),
        {"q": "Oliver Pennington", **REASON},
    )
    assert summary.status_code == 200 and "Pennington" in summary.content.decode()
    opened = client.post(reverse("firstcontact:open_record", args=[oliver.pk]), REASON)
    child_url = reverse("people:child", args=[oliver.pk])
    assert opened["Location"] == child_url
    asked = client.get(child_url)
    assert asked.status_code == 302 and asked["Location"].startswith(reverse("step_up"))
    client.post(reverse("step_up"), {"password": TEST_PASSWORD, "next": child_url})
    assert client.get(child_url).status_code == 200


def test_ones_own_districts_records_need_no_step_up(cast, districts):
    amelia = make_person(districts["north"])
    assert (
        verified_client(cast["officer_north"]).get(reverse("people:child", args=[amelia.pk])).status_code
        == 200
    )


# --- Production ---------------------------------------------------------------------------------


def test_production_uses_host_prefixed_cookies():
    env = {
        **os.environ,
        "SAFEGUARDING_ENV": "production",
        "SECRET_KEY": "x" * 60,
        "ALLOWED_HOSTS": "example.police.uk",
        "DATABASE_URL": "postgres://app@db.example:5432/safeguarding",  # production refuses SQLite
    }
    env.pop("DEMO_MFA_SECRET", None)
    script = (
        "from safeguarding import settings as s;"
        "print(s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME, s.SESSION_COOKIE_SECURE, s.SESSION_COOKIE_PATH,"
        " s.SESSION_COOKIE_DOMAIN, repr(s.DEMO_MFA_SECRET))"
    )
    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["__Host-sessionid", "__Host-csrftoken", "True", "/", "None", "''"]


def test_the_session_cookie_is_host_prefixed_in_the_response(cast, settings):
    settings.SESSION_COOKIE_NAME = "__Host-sessionid"
    settings.SESSION_COOKIE_SECURE = True
    response = Client().post(reverse("login"), {"username": "officer_north", "password": TEST_PASSWORD})
    cookie = response.cookies["__Host-sessionid"]
    assert cookie["secure"] and cookie["path"] == "/" and not cookie["domain"]


def test_the_deploy_check_refuses_a_demo_second_factor_secret(settings):
    settings.DEMO_MFA_SECRET = "3132333435363738393031323334353637383930"
    assert [error.id for error in demo_second_factor_refused(None)] == ["safeguarding.E001"]
    settings.DEMO_MFA_SECRET = ""
    assert demo_second_factor_refused(None) == []


# --- Review fixes (wave 2) --------------------------------------------------------------------


def test_signing_out_tells_the_browser_to_clear_what_the_site_left(cast):
    client = verified_client(cast["officer_north"])
    response = client.post(reverse("logout"))
    assert response["Clear-Site-Data"] == '"cache", "cookies", "storage"'
    assert not signed_in(client)


def test_an_active_session_still_ends_8_hours_after_sign_in(cast):
    user = cast["officer_north"]
    with time_machine.travel(dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC), tick=False) as clock:
        client = full_sign_in(user)
        for _ in range(23):  # a request every 20 minutes, never 30 minutes idle
            clock.shift(dt.timedelta(minutes=20))
            assert signed_in(client)
        clock.shift(dt.timedelta(minutes=19))  # 16:59
        assert signed_in(client)
        clock.shift(dt.timedelta(minutes=2))  # 17:01
        response = client.get(reverse("account"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    (ended,) = AccessEvent.objects.filter(action=AccessAction.LOGOUT, actor_username="officer_north")
    assert ended.detail["why"] == "absolute_limit"
    assert not SignedInSession.objects.filter(user=user).exists()


def test_the_absolute_limit_counts_from_sign_in_for_a_session_without_a_mark(cast, settings):
    settings.SESSION_ABSOLUTE_SECONDS = 60 * 60
    with time_machine.travel(dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC), tick=False) as clock:
        client = verified_client(cast["officer_north"])
        assert signed_in(client)  # the clock starts at the session's first request
        for _ in range(2):
            clock.shift(dt.timedelta(minutes=20))
            assert signed_in(client)
        clock.shift(dt.timedelta(minutes=19))  # 9:59
        assert signed_in(client)
        clock.shift(dt.timedelta(minutes=2))
        assert not signed_in(client)


def test_the_temporary_password_expires_after_its_configured_hours(cast, client_for, settings):
    settings.TEMPORARY_PASSWORD_HOURS = 24
    user = cast["officer_south"]
    with time_machine.travel(dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC), tick=False) as clock:
        response = client_for("admin").post(reverse("user_password_reset", args=[user.pk]))
        temporary = response.context["temporary"]
        clock.shift(dt.timedelta(hours=24, minutes=1))
        refused = Client().post(reverse("login"), {"username": user.username, "password": temporary})
    assert refused.status_code == 200
    assert "Your temporary password has expired; ask an administrator for a new one." in (
        refused.content.decode().replace("&#x27;", "'")
    )
    assert AccessEvent.objects.filter(
        action=AccessAction.LOGIN_FAILED,
        actor_username=user.username,
        detail__step="temporary_password_expired",
    ).exists()


def test_a_temporary_password_works_before_it_expires_and_the_expiry_goes_with_the_change(cast, client_for):
    user = cast["officer_south"]
    with time_machine.travel(dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC), tick=False) as clock:
        temporary = (
            client_for("admin").post(reverse("user_password_reset", args=[user.pk])).context["temporary"]
        )
        clock.shift(dt.timedelta(hours=23))
        client = full_sign_in(user, temporary)
        client.post(
            reverse("password_change"),
            {
                "old_password": temporary,
                "new_password1": "my-own-passphrase-7",
                "new_password2": "my-own-passphrase-7",
            },
        )
        user.refresh_from_db()
        assert user.temporary_password_expires_at is None
        clock.shift(dt.timedelta(days=3))
        assert signed_in(full_sign_in(user, "my-own-passphrase-7"))
