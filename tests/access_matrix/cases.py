from django.urls import reverse

from safeguarding.cases.models import Incident
from safeguarding.cases.vocabulary import IncidentKind
from tests.access_matrix.people import EDITORS_OF_NORTH, READERS_OF_NORTH
from tests.access_matrix.table import Row
from tests.factories import at


def build(world):
    world["incident_north"] = Incident.objects.create(
        case=world["case_north"],
        occurred_at=at("2026-03-02", "21:10"),
        kind=IncidentKind.DOMESTIC_ABUSE,
        children_present=1,
    )


ROWS = [
    Row("cases:case", lambda w: reverse("cases:case", args=[w["case_north"].pk]), READERS_OF_NORTH),
    Row("cases:create", lambda w: reverse("cases:create", args=[w["child_north"].pk]), EDITORS_OF_NORTH),
    # The north case's child has no outcome, so closing is refused and redirects back: the
    # row checks who may ask, and the case stays open for every role.
    Row(
        "cases:close",
        lambda w: reverse("cases:close", args=[w["case_north"].pk]),
        EDITORS_OF_NORTH,
        method="post",
    ),
    Row(
        "cases:entry_add",
        lambda w: reverse("cases:entry_add", args=[w["case_north"].pk, "incident"]),
        EDITORS_OF_NORTH,
    ),
    Row(
        "cases:entry_edit",
        lambda w: reverse("cases:entry_edit", args=[w["case_north"].pk, "incident", w["incident_north"].pk]),
        EDITORS_OF_NORTH,
    ),
]
