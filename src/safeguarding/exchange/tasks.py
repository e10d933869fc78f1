"""The web import, queued (ADR 14): the request keeps the upload and queues the job; the
worker (`safeguarding db_worker`) reads, checks and loads it, and the job's page shows how far
it has got and then the outcome."""

import zipfile
from typing import Any

from django.core.exceptions import PermissionDenied
from django_tasks import task

from safeguarding.access.models import User
from safeguarding.access.roles import Permission
from safeguarding.exchange.loader import STEPS, sources_from_bytes
from safeguarding.exchange.services import extract_import
from safeguarding.runtime.models import BackgroundJob, JobKind, JobUpload
from safeguarding.runtime.queue import JobRefused, job_enqueue, job_progress, job_run
from safeguarding.uploads import ArchiveRefused


def import_enqueue(
    *, actor: User, file_name: str, content: bytes, source_system: str, skip_invalid: bool
) -> BackgroundJob:
    """Queue an uploaded extract for import by `actor`."""
    if not actor.can(Permission.IMPORT_DATA):
        raise PermissionDenied("Your role does not allow bulk import.")
    return job_enqueue(
        kind=JobKind.IMPORT,
        task=import_extract,
        actor=actor,
        parameters={"source_system": source_system, "skip_invalid": skip_invalid, "file": file_name[:255]},
        upload=(file_name, content),
    )


@task()
def import_extract(job_id: int) -> dict[str, Any]:
    return job_run(job_id, _import, describe="the import")


def _import(job: BackgroundJob) -> dict[str, Any]:
    # The requester is checked again here: they may have left, or changed role, while it waited.
    actor = (
        User.objects.filter(pk=job.requested_by_id, is_active=True).first()
        if job.requested_by_id is not None
        else None
    )
    if actor is None or not actor.can(Permission.IMPORT_DATA):
        raise JobRefused(f"{job.requested_by_username} may no longer import extracts: nothing was loaded.")
    upload = JobUpload.objects.filter(job=job).first()
    if upload is None:
        raise JobRefused("The uploaded file is no longer held: upload it again.")

    def on_step(done: int, step: str) -> None:
        job_progress(job.pk, step=step, done=done, total=len(STEPS))

    on_step(0, STEPS[0])
    try:
        sources = sources_from_bytes(upload.name, bytes(upload.content))
    except ArchiveRefused as refused:
        # The directory passed the form's check but a member inflated past it (it lied).
        raise JobRefused(str(refused)) from None
    except zipfile.BadZipFile:
        raise JobRefused("Not a readable .zip archive: nothing was loaded.") from None
    result = extract_import(
        actor=actor,
        sources=sources,
        source_system=job.parameters["source_system"],
        skip_invalid=job.parameters.get("skip_invalid", False),
        on_step=on_step,
    )
    return {
        "batch": result.batch.pk if result.batch else None,
        "loaded": result.loaded,
        "totals": result.totals(),
        "errors": len(result.errors),
    }
