import datetime as dt

from django.urls import reverse

from tests.access_matrix.table import ALLOW, HIDDEN, Row, everyone


def build(world):
    from safeguarding.access.services import api_token_create

    officer = world["cast"]["officer_north"]
    world["api_token_north"] = api_token_create(
        actor=officer, user=officer, label="matrix", scopes=["read"], expires_in=dt.timedelta(days=1)
    ).token


ROWS = [
    Row(
        "home",
        lambda w: reverse("home"),
        {
            role: 302
            for role in (
                "officer_north",
                "supervisor_north",
                "officer_south",
                "supervisor_south",
                "safeguarding_unit",
                "auditor",
                "inspector",
                "pcc_analyst",
                "data_manager",
                "admin",
            )
        },
    ),
    Row("access_log", lambda w: reverse("access_log"), {"admin": ALLOW}),
    Row("access_log_export", lambda w: reverse("access_log_export"), {"admin": ALLOW}),
    # Everyone sees their own tokens; revoking a token that is not yours (or not there) is 404.
    Row("api_tokens", lambda w: reverse("api_tokens"), everyone(ALLOW)),
    Row(
        "api_token_revoke",
        lambda w: reverse("api_token_revoke", args=[w["api_token_north"].pk]),
        everyone(HIDDEN, officer_north=302),
        method="post",
    ),
    Row(
        "api:v1:schema",
        lambda w: reverse("v1:schema"),
        {
            role: ALLOW
            for role in (
                "officer_north",
                "supervisor_north",
                "officer_south",
                "supervisor_south",
                "safeguarding_unit",
                "auditor",
                "inspector",
                "pcc_analyst",
                "data_manager",
                "admin",
            )
        },
    ),
]
# login and logout are public and tested in tests/access/test_login.py
PUBLIC_URL_NAMES = {"login", "logout"}
