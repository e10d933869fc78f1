from django.urls import reverse

from tests.access_matrix.table import ALLOW, HIDDEN, Row

_CASEWORKERS = ("officer_north", "supervisor_north", "officer_south", "supervisor_south", "safeguarding_unit")
_INDICATOR_READERS = (
    "supervisor_north",
    "supervisor_south",
    "safeguarding_unit",
    "auditor",
    "inspector",
    "pcc_analyst",
)

ROWS = [
    Row("standards:worklist", lambda w: reverse("standards:worklist"), dict.fromkeys(_CASEWORKERS, ALLOW)),
    Row(
        "standards:worklist",
        lambda w: reverse("standards:worklist") + "?scope=team",
        dict.fromkeys(("supervisor_north", "supervisor_south", "safeguarding_unit"), ALLOW),
    ),
    Row(
        "standards:indicators",
        lambda w: reverse("standards:indicators"),
        dict.fromkeys(_INDICATOR_READERS, ALLOW),
    ),
    Row(
        "standards:indicators_csv",
        lambda w: reverse("standards:indicators_csv"),
        dict.fromkeys(_INDICATOR_READERS, ALLOW),
    ),
    Row(
        "standards:case_panel",
        lambda w: reverse("standards:case_panel", args=[w["case_north"].pk]),
        {
            "officer_north": ALLOW,
            "supervisor_north": ALLOW,
            "officer_south": HIDDEN,
            "supervisor_south": HIDDEN,
            "safeguarding_unit": ALLOW,
            "auditor": ALLOW,
            "inspector": ALLOW,
        },
    ),
]

# The read-only aggregate API: indicators as published (suppressed), for every indicator reader.
ROWS.append(
    Row(
        "api:v1:aggregate-indicators",
        lambda w: reverse("v1:aggregate-indicators"),
        dict.fromkeys(_INDICATOR_READERS, ALLOW),
    )
)
