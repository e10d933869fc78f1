from django.urls import reverse
from django.utils import timezone

from safeguarding.people.models import PersonAlias, PersonMerge, Relationship
from tests.access_matrix.table import ALLOW, HIDDEN, Row
from tests.factories import make_person

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
UNIT_ONLY = {"safeguarding_unit": ALLOW}


def build(world):
    world["relationship_north"] = Relationship.objects.create(
        person=world["adult_north"], kind="parent", other=world["child_north"]
    )
    world["alias_north"] = PersonAlias.objects.create(person=world["child_north"], surname="Marsh")
    twin = make_person(
        world["districts"]["north"], forename="Amelia", surname="Hartly", date_of_birth="2015-04-12"
    )
    world["merge_north"] = PersonMerge.objects.create(
        survivor_id=world["child_north"].pk,
        merged_id=twin.pk,
        survivor_name="Amelia Hartley",
        merged_name="Amelia Hartly",
        district=world["districts"]["north"],
        reason="Same child",
        requested_by=world["cast"]["officer_north"],
        requested_at=timezone.now(),
    )


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
        "people:record_history",
        lambda w: reverse(
            "people:record_history", args=[w["child_north"].pk, "relationship", w["relationship_north"].pk]
        ),
        READERS_OF_NORTH,
    ),
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
    Row(
        "people:merge_request",
        lambda w: reverse("people:merge_request", args=[w["child_north"].pk]),
        EDITORS_OF_NORTH,
    ),
    Row("people:duplicates", lambda w: reverse("people:duplicates"), UNIT_ONLY),
    Row("people:merges", lambda w: reverse("people:merges"), UNIT_ONLY),
    Row("people:merge", lambda w: reverse("people:merge", args=[w["merge_north"].pk]), UNIT_ONLY),
    Row(
        "cases:child_chronology",
        lambda w: reverse("cases:child_chronology", args=[w["child_north"].pk]),
        READERS_OF_NORTH,
    ),
    Row(
        "cases:child_chronology_pdf",
        lambda w: reverse("cases:child_chronology_pdf", args=[w["child_north"].pk]),
        READERS_OF_NORTH,
    ),
]
