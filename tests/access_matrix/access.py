import datetime as dt

from django.urls import reverse
from django.utils import timezone

from safeguarding.access.models import SignedInSession, User
from safeguarding.access.roles import Role
from tests.access_matrix.table import ALLOW, HIDDEN, Row, everyone


def build(world):
    # A user who is not in the cast, so the admin's resets never sign out a role mid-row.
    target = User.objects.create_user(
        username="matrix_target", password="matrix-target-pw-1", role=Role.OFFICER
    )
    world["target_user"] = target
    world["officer_north_session"] = SignedInSession.objects.create(
        session_key="matrix-officer-north-other",
        user=world["cast"]["officer_north"],
        last_seen_at=timezone.now(),
    )
    from safeguarding.access.services import api_token_create

    officer = world["cast"]["officer_north"]
    world["api_token_north"] = api_token_create(
        actor=officer, user=officer, label="matrix", scopes=["read"], expires_in=dt.timedelta(days=1)
    ).token


ROWS = [
    Row("home", lambda w: reverse("home"), everyone(ALLOW)),
    # English or Welsh: public, so the sign-in page offers it too; it redirects back to `next`.
    Row(
        "set_language",
        lambda w: reverse("set_language"),
        everyone(302),
        method="post",
        data={"language": "cy", "next": "/"},
    ),
    Row("access_log", lambda w: reverse("access_log"), {"admin": ALLOW}),
    Row("access_log_export", lambda w: reverse("access_log_export"), {"admin": ALLOW}),
    Row("api:v1:schema", lambda w: reverse("v1:schema"), everyone(ALLOW)),
    # Signing in and the account: every signed-in user, for themselves only.
    Row("mfa_verify", lambda w: reverse("mfa_verify"), everyone(302)),  # already verified: on to next
    Row("mfa_enrol", lambda w: reverse("mfa_enrol"), everyone(ALLOW)),
    Row("account", lambda w: reverse("account"), everyone(ALLOW)),
    Row("recovery_codes_new", lambda w: reverse("recovery_codes_new"), everyone(ALLOW), method="post"),
    Row("password_change", lambda w: reverse("password_change"), everyone(ALLOW)),
    Row("step_up", lambda w: reverse("step_up"), everyone(ALLOW)),
    # Everyone sees their own tokens; revoking a token that is not yours (or not there) is 404.
    Row("api_tokens", lambda w: reverse("api_tokens"), everyone(ALLOW)),
    Row(
        "api_token_revoke",
        lambda w: reverse("api_token_revoke", args=[w["api_token_north"].pk]),
        everyone(HIDDEN, officer_north=302),
        method="post",
    ),
    Row(
        "account_sessions_end_others",
        lambda w: reverse("account_sessions_end_others"),
        everyone(ALLOW),
        method="post",
    ),
    Row(
        "account_session_end",
        lambda w: reverse("account_session_end", args=[w["officer_north_session"].pk]),
        everyone(HIDDEN, officer_north=ALLOW),  # another's session looks like a missing one
        method="post",
    ),
    # The administrator's user pages.
    Row("users", lambda w: reverse("users"), {"admin": ALLOW}),
    Row("user_detail", lambda w: reverse("user_detail", args=[w["target_user"].pk]), {"admin": ALLOW}),
    Row(
        "user_sessions_end",
        lambda w: reverse("user_sessions_end", args=[w["target_user"].pk]),
        {"admin": ALLOW},
        method="post",
    ),
    Row(
        "user_password_reset",
        lambda w: reverse("user_password_reset", args=[w["target_user"].pk]),
        {"admin": ALLOW},
        method="post",
    ),
    Row(
        "user_mfa_reset",
        lambda w: reverse("user_mfa_reset", args=[w["target_user"].pk]),
        {"admin": ALLOW},
        method="post",
    ),
    # Joiners, movers and leavers (issue 22).
    Row("user_new", lambda w: reverse("user_new"), {"admin": ALLOW}),
    Row("user_edit", lambda w: reverse("user_edit", args=[w["target_user"].pk]), {"admin": ALLOW}),
    Row(
        "user_deactivate",
        lambda w: reverse("user_deactivate", args=[w["target_user"].pk]),
        {"admin": ALLOW},
        method="post",
    ),
    Row(
        "user_reactivate",
        lambda w: reverse("user_reactivate", args=[w["target_user"].pk]),
        {"admin": ALLOW},
        method="post",
    ),
]
# Public: login and logout (tests/access/test_signin.py); single sign-on's start and callback,
# present only with OIDC_ENABLED (tests/access/test_oidc.py).
PUBLIC_URL_NAMES = {"login", "logout", "oidc_authentication_init", "oidc_authentication_callback"}
