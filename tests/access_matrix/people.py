from django.urls import reverse
from django.utils import timezone

from safeguarding.people.models import PersonMerge
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
    Row(
        "people:flag_add", lambda w: reverse("people:flag_add", args=[w["child_north"].pk]), EDITORS_OF_NORTH
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
        "people:chronology",
        lambda w: reverse("people:chronology", args=[w["child_north"].pk]),
        READERS_OF_NORTH,
    ),
    Row(
        "people:chronology_pdf",
        lambda w: reverse("people:chronology_pdf", args=[w["child_north"].pk]),
        READERS_OF_NORTH,
    ),
]
