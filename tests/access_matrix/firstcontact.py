from django.urls import NoReverseMatch, reverse

from tests.access_matrix.table import ALLOW, Row

FIRST_CONTACT_ROLES = (
    "officer_north",
    "supervisor_north",
    "officer_south",
    "supervisor_south",
    "safeguarding_unit",
)
REASON = {"reason_code": "call_for_service", "reason_reference": "INC-2026-0123"}

ROWS = [
    Row(
        "firstcontact:lookup",
        lambda w: reverse("firstcontact:lookup"),
        dict.fromkeys(FIRST_CONTACT_ROLES, ALLOW),
    ),
    Row(
        "firstcontact:open_record",
        lambda w: reverse("firstcontact:open_record", args=[w["child_south"].pk]),
        dict.fromkeys(FIRST_CONTACT_ROLES, ALLOW),  # 302 to the child's page with a reasoned grant
        method="post",
        data=REASON,
    ),
]

try:  # the API route is included by safeguarding/api_urls.py (the lead wires it)
    reverse("v1:firstcontact-lookup")
except NoReverseMatch:
    pass
else:
    ROWS.append(
        Row(
            "api:v1:firstcontact-lookup",
            lambda w: reverse("v1:firstcontact-lookup"),
            dict.fromkeys(FIRST_CONTACT_ROLES, ALLOW),
            method="post",
            data={"q": "Amelia Hartley", **REASON},
        )
    )
