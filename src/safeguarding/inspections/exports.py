"""The panel paper's PDF, made by the worker (ADR 14): it gathers every recommendation of a
force report with its actions and evidence, and drawing it takes longer than a request should."""

from typing import Any

from django.utils import timezone
from django_tasks import task

from safeguarding.access.models import User
from safeguarding.access.roles import Permission
from safeguarding.inspections import selectors
from safeguarding.inspections.models import InspectionReport
from safeguarding.inspections.panel_paper import panel_paper_for, panel_paper_pdf
from safeguarding.inspections.vocabulary import ReportKind
from safeguarding.runtime.exports import ExportFile, export_enqueue, export_run
from safeguarding.runtime.models import BackgroundJob


def panel_paper_enqueue(*, actor: User, report: InspectionReport) -> BackgroundJob:
    """Queue the panel paper of force report `report`, as `actor` sees it."""
    return export_enqueue(
        actor=actor,
        task=panel_paper_export,
        permissions=(Permission.VIEW_RECOMMENDATIONS,),
        title=f"Panel paper: {report}",
        parameters={"inspection_report": report.pk},
    )


@task()
def panel_paper_export(job_id: int) -> dict[str, Any]:
    return export_run(job_id, _panel_paper, describe="the panel paper")


def _panel_paper(actor: User, parameters: dict[str, Any]) -> ExportFile:
    report = selectors.reports_for(actor).get(pk=parameters["inspection_report"], kind=ReportKind.FORCE)
    filename = f"panel-paper-{report.force.lower().replace(' ', '-')}-{timezone.localdate():%Y-%m-%d}.pdf"
    return ExportFile(filename, "application/pdf", panel_paper_pdf(panel_paper_for(actor, report)))
