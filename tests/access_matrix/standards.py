from django.urls import reverse

from tests.access_matrix.table import ALLOW, HIDDEN, Row


def build(world):
    """A strategy discussion held late, on file: an item to acknowledge."""
    from safeguarding.standards.models import State
    from tests.factories import make_standard_result

    world["late_strategy_north"] = make_standard_result(
        world["case_north"],
        "STRATEGY",
        State.NOT_MET,
        due_at=world["case_north"].first_reported_at,
        evidence_type="cases.strategydiscussion",
        evidence_id="1",
    )


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
        "standards:worklist_acknowledge",
        lambda w: reverse("standards:worklist_acknowledge", args=[w["late_strategy_north"].pk]),
        {
            "officer_north": ALLOW,
            "supervisor_north": ALLOW,
            "officer_south": HIDDEN,
            "supervisor_south": HIDDEN,
            "safeguarding_unit": ALLOW,
        },
        method="post",
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
