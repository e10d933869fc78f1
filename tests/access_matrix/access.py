from django.urls import reverse

from tests.access_matrix.table import ALLOW, Row

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
