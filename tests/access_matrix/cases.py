from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from safeguarding.cases.attachments import attachment_add
from safeguarding.cases.models import Incident
from safeguarding.cases.vocabulary import IncidentKind
from tests.access_matrix.people import EDITORS_OF_NORTH, READERS_OF_NORTH
from tests.access_matrix.table import ALLOW, HIDDEN, Row
from tests.factories import at


def build(world):
    world["incident_north"] = Incident.objects.create(
        case=world["case_north"],
        occurred_at=at("2026-03-02", "21:10"),
        kind=IncidentKind.DOMESTIC_ABUSE,
        children_present=1,
    )
    world["attachment_north"] = attachment_add(
        actor=world["cast"]["officer_north"],
        case=world["case_north"],
        upload=SimpleUploadedFile("statement.pdf", b"%PDF-1.4 statement"),
        title="Statement",
    )
    world["subject_north"] = world["case_north"].participants.get(person=world["child_north"])


SUPERVISORS_OF_NORTH = {
    "supervisor_north": ALLOW,
    "supervisor_south": HIDDEN,
    "safeguarding_unit": ALLOW,
}

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
    Row(
        "cases:entry",
        lambda w: reverse("cases:entry", args=[w["case_north"].pk, "incident", w["incident_north"].pk]),
        READERS_OF_NORTH,
    ),
    # A supervisor's decisions (issue 17): north supervisors and the unit; officers are refused
    # (403), the south cannot see the case (404). Nothing is pending / the case is open / the
    # form is empty, so each is refused with its message and redirects back: nothing changes.
    Row(
        "cases:closure_decide",
        lambda w: reverse("cases:closure_decide", args=[w["case_north"].pk]),
        SUPERVISORS_OF_NORTH,
        method="post",
    ),
    Row(
        "cases:reopen",
        lambda w: reverse("cases:reopen", args=[w["case_north"].pk]),
        SUPERVISORS_OF_NORTH,
        method="post",
    ),
    Row(
        "cases:reassign",
        lambda w: reverse("cases:reassign", args=[w["case_north"].pk]),
        SUPERVISORS_OF_NORTH,
        method="post",
    ),
    # History is read like the record itself (and logged: test_view_events).
    Row("cases:history", lambda w: reverse("cases:history", args=[w["case_north"].pk]), READERS_OF_NORTH),
    Row(
        "cases:participant_history",
        lambda w: reverse("cases:participant_history", args=[w["case_north"].pk, w["subject_north"].pk]),
        READERS_OF_NORTH,
    ),
    Row(
        "cases:entry_history",
        lambda w: reverse(
            "cases:entry_history", args=[w["case_north"].pk, "incident", w["incident_north"].pk]
        ),
        READERS_OF_NORTH,
    ),
    Row("cases:people", lambda w: reverse("cases:people", args=[w["case_north"].pk]), EDITORS_OF_NORTH),
    # An empty form: refused with its message and sent back to the people page (nothing added).
    Row(
        "cases:participant_add",
        lambda w: reverse("cases:participant_add", args=[w["case_north"].pk]),
        EDITORS_OF_NORTH,
        method="post",
    ),
    # An empty form: the page again with each field's message (400), nothing created.
    Row(
        "cases:participant_new",
        lambda w: reverse("cases:participant_new", args=[w["case_north"].pk]),
        {role: (400 if status == ALLOW else status) for role, status in EDITORS_OF_NORTH.items()},
        method="post",
    ),
    # The subject child cannot be taken off: refused and redirected, the case unchanged.
    Row(
        "cases:participant_remove",
        lambda w: reverse("cases:participant_remove", args=[w["case_north"].pk, w["subject_north"].pk]),
        EDITORS_OF_NORTH,
        method="post",
    ),
    # An empty form: the people page again with each field's message (400), nothing linked.
    Row(
        "cases:link_people",
        lambda w: reverse("cases:link_people", args=[w["case_north"].pk]),
        {role: (400 if status == ALLOW else status) for role, status in EDITORS_OF_NORTH.items()},
        method="post",
    ),
    Row(
        "cases:chronology", lambda w: reverse("cases:chronology", args=[w["case_north"].pk]), READERS_OF_NORTH
    ),
    Row(
        "cases:chronology_pdf",
        lambda w: reverse("cases:chronology_pdf", args=[w["case_north"].pk]),
        READERS_OF_NORTH,
    ),
    Row(
        "cases:attachment_new",
        lambda w: reverse("cases:attachment_new", args=[w["case_north"].pk]),
        EDITORS_OF_NORTH,
    ),
    Row(
        "cases:attachment",
        lambda w: reverse("cases:attachment", args=[w["case_north"].pk, w["attachment_north"].pk]),
        READERS_OF_NORTH,
    ),
]
