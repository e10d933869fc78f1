from django.urls import reverse

from safeguarding.people.models import PersonAlias, Relationship
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


def build(world):
    world["relationship_north"] = Relationship.objects.create(
        person=world["adult_north"], kind="parent", other=world["child_north"]
    )
    world["alias_north"] = PersonAlias.objects.create(person=world["child_north"], surname="Marsh")


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
    Row(
        "people:flag_add", lambda w: reverse("people:flag_add", args=[w["child_north"].pk]), EDITORS_OF_NORTH
    ),
    Row("people:links", lambda w: reverse("people:links", args=[w["child_north"].pk]), EDITORS_OF_NORTH),
    # The first editor takes the link off; the next are told it is gone (302), nothing else changes.
    Row(
        "people:relationship_remove",
        lambda w: reverse(
            "people:relationship_remove", args=[w["child_north"].pk, w["relationship_north"].pk]
        ),
        EDITORS_OF_NORTH,
        method="post",
    ),
    # An empty surname: the page again with the field's message (400), nothing added.
    Row(
        "people:alias_add",
        lambda w: reverse("people:alias_add", args=[w["child_north"].pk]),
        {role: (400 if status == ALLOW else status) for role, status in EDITORS_OF_NORTH.items()},
        method="post",
    ),
    Row(
        "people:alias_remove",
        lambda w: reverse("people:alias_remove", args=[w["child_north"].pk, w["alias_north"].pk]),
        EDITORS_OF_NORTH,
        method="post",
    ),
]
