from django.urls import reverse

from tests.access_matrix.table import ALLOW, HIDDEN, Row

SEARCHERS = ("officer_north", "supervisor_north", "officer_south", "supervisor_south", "safeguarding_unit")
READERS_OF_NORTH = {
    "officer_north": ALLOW,
    "supervisor_north": ALLOW,
    "officer_south": HIDDEN,
    "supervisor_south": HIDDEN,
    "safeguarding_unit": ALLOW,
    "auditor": ALLOW,
    "inspector": ALLOW,
}
# Changing a north record: north officers and the force-wide safeguarding unit. Auditors and
# inspectors read but never write (403); south officers cannot see it (404).
EDITORS_OF_NORTH = {
    "officer_north": ALLOW,
    "supervisor_north": ALLOW,
    "officer_south": HIDDEN,
    "supervisor_south": HIDDEN,
    "safeguarding_unit": ALLOW,
}

ROWS = [
    Row(
        "people:search",
        lambda w: reverse("people:search"),
        {role: ALLOW for role in (*SEARCHERS, "auditor", "inspector")},
        method="post",
        data={"q": "Amelia Hartley"},
    ),
    Row("people:child", lambda w: reverse("people:child", args=[w["child_north"].pk]), READERS_OF_NORTH),
    Row(
        "people:create",
        lambda w: reverse("people:create"),
        {role: ALLOW for role in SEARCHERS},
    ),
    Row("people:edit", lambda w: reverse("people:edit", args=[w["child_north"].pk]), EDITORS_OF_NORTH),
    Row("people:history", lambda w: reverse("people:history", args=[w["child_north"].pk]), READERS_OF_NORTH),
    Row(
        "people:flag_add", lambda w: reverse("people:flag_add", args=[w["child_north"].pk]), EDITORS_OF_NORTH
    ),
]
