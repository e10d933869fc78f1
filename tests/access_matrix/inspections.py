"""Inspections: reading is VIEW_RECOMMENDATIONS (safeguarding unit, inspector, PCC analyst: all
aggregate), changing is MANAGE_RECOMMENDATIONS (safeguarding unit, inspector), importing is
IMPORT_DATA or MANAGE_RECOMMENDATIONS (adds the data manager)."""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from safeguarding.inspections.services import recommendation_action_add, recommendation_evidence_attach
from tests.access_matrix.table import ALLOW, Row
from tests.inspections.builders import import_northmoor

VIEWERS = {"safeguarding_unit": ALLOW, "inspector": ALLOW, "pcc_analyst": ALLOW}
MANAGERS = {"safeguarding_unit": ALLOW, "inspector": ALLOW}
IMPORTERS = {"safeguarding_unit": ALLOW, "inspector": ALLOW, "data_manager": ALLOW}
# Posting nothing to a form is refused as invalid (400) only after access was granted.
IMPORTERS_INVALID = {role: 400 for role in IMPORTERS}
MANAGERS_INVALID = {role: 400 for role in MANAGERS}


def build(world):
    unit = world["cast"]["safeguarding_unit"]
    report = import_northmoor(unit)
    recommendation = report.recommendations.get(number=1)
    world["inspection_report"] = report
    world["recommendation"] = recommendation
    world["recommendation_action"] = recommendation_action_add(
        actor=unit, recommendation=recommendation, text="Briefing", due=dt.date(2025, 8, 1)
    )
    world["recommendation_evidence"] = recommendation_evidence_attach(
        actor=unit,
        recommendation=recommendation,
        upload=SimpleUploadedFile("evidence.pdf", b"%PDF-1.4\n%%EOF\n"),
    )


def _rec(name):
    return lambda w: reverse(f"inspections:{name}", args=[w["recommendation"].pk])


def _report(name):
    return lambda w: reverse(f"inspections:{name}", args=[w["inspection_report"].pk])


ROWS = [
    Row("inspections:index", lambda w: reverse("inspections:index"), VIEWERS),
    Row("inspections:recommendations_csv", lambda w: reverse("inspections:recommendations_csv"), VIEWERS),
    Row("inspections:national", lambda w: reverse("inspections:national"), VIEWERS),
    Row("inspections:national_csv", lambda w: reverse("inspections:national_csv"), VIEWERS),
    Row(
        "inspections:import_confirm",
        lambda w: reverse("inspections:import_confirm"),
        IMPORTERS_INVALID,
        method="post",
    ),
    Row("inspections:import", lambda w: reverse("inspections:import"), IMPORTERS),
    Row("inspections:import", lambda w: reverse("inspections:import"), IMPORTERS_INVALID, method="post"),
    Row("inspections:report", _report("report"), VIEWERS),
    Row("inspections:panel_paper", _report("panel_paper"), VIEWERS),
    Row("inspections:panel_paper_pdf", _report("panel_paper_pdf"), VIEWERS),
    # POST queues the PDF for the worker (inspections/exports.py) and redirects to the job's page.
    Row("inspections:panel_paper_pdf", _report("panel_paper_pdf"), VIEWERS, method="post"),
    Row("inspections:recommendation", _rec("recommendation"), VIEWERS),
    Row(
        "inspections:action_add",
        _rec("action_add"),
        MANAGERS,
        method="post",
        data={"text": "Dip-sample DA incidents for demeanour", "due": "2025-09-01"},
    ),
    Row(
        "inspections:action_done",
        lambda w: reverse("inspections:action_done", args=[w["recommendation_action"].pk]),
        MANAGERS,
        method="post",
        data={"done_at": "2025-08-01"},
    ),
    Row(
        "inspections:status_change",
        _rec("status_change"),
        MANAGERS,
        method="post",
        data={"status": "in_progress", "effective_on": "2025-07-01", "comment": ""},
    ),
    Row("inspections:owner_assign", _rec("owner_assign"), MANAGERS, method="post", data={"owner": ""}),
    Row("inspections:evidence_add", _rec("evidence_add"), MANAGERS_INVALID, method="post"),
    Row(
        "inspections:evidence_download",
        lambda w: reverse("inspections:evidence_download", args=[w["recommendation_evidence"].pk]),
        MANAGERS,
    ),
    Row(
        "inspections:note_add", _rec("note_add"), MANAGERS, method="post", data={"text": "Discussed at board"}
    ),
    Row(
        "inspections:standards_confirm",
        _rec("standards_confirm"),
        MANAGERS,
        method="post",
        data={"standards": ["DEMEANOUR", "VOICE"]},
    ),
]

# The read-only aggregate API: the recommendation tracker (published texts, statuses, counts).
ROWS.append(
    Row("api:v1:aggregate-recommendations", lambda w: reverse("v1:aggregate-recommendations"), VIEWERS)
)
