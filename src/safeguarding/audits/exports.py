"""An audit report's PDF, made by the worker (ADR 14): a large audit's report (every case's
grades and the charts) takes longer to draw than a request should. Its CSV stays in the request."""

from typing import Any

from django_tasks import task

from safeguarding.access.models import User
from safeguarding.audits import selectors
from safeguarding.audits.models import Audit
from safeguarding.audits.reports.exports import pdf_bytes
from safeguarding.audits.reports.section5 import audit_report
from safeguarding.runtime.exports import ExportFile, export_enqueue, export_run
from safeguarding.runtime.models import BackgroundJob


def audit_pdf_enqueue(*, actor: User, audit: Audit) -> BackgroundJob:
    """Queue the PDF of `audit`'s report, as `actor` sees it."""
    return export_enqueue(
        actor=actor,
        task=audit_pdf_export,
        permissions=tuple(selectors.AUDIT_PERMISSIONS),
        title=f"Audit {audit.pk} report (PDF)",
        parameters={"audit": audit.pk},
    )


@task()
def audit_pdf_export(job_id: int) -> dict[str, Any]:
    return export_run(job_id, _audit_pdf, describe="the audit report PDF")


def _audit_pdf(actor: User, parameters: dict[str, Any]) -> ExportFile:
    # audit_for scopes to what the requester may see now (Http404 otherwise: the job refuses).
    audit = selectors.audit_for(actor, parameters["audit"])
    return ExportFile(f"audit-{audit.pk}.pdf", "application/pdf", pdf_bytes(audit_report(actor, audit)))
