"""Exports prepared on the job queue (ADR 14): a PDF over many records is made by the worker,
not inside the request, and kept for its requester to download for EXPORT_KEPT.

The asking view checks scope and writes its export event as before, then queues the job; the
worker checks again that the requester may still make it (they may have left or changed role
while it waited) and makes the file as they would see it; the download is for the requester
alone (an administrator sees the job's state, never the file), logged, and refused once the
file has expired (the scheduler's `prune-jobs` then deletes it).
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import Http404, HttpResponse
from django.utils import timezone

from safeguarding.access.models import AccessAction, User
from safeguarding.access.services import access_record
from safeguarding.runtime.models import BackgroundJob, JobFile, JobKind
from safeguarding.runtime.queue import JobRefused, job_enqueue, job_progress, job_run

# Long enough to download the next working morning; short, because the file holds personal data.
EXPORT_KEPT = dt.timedelta(hours=24)


@dataclass(frozen=True)
class ExportFile:
    name: str
    content_type: str
    content: bytes


# What an app gives the worker: (requester, the job's parameters) -> the file, made as the
# requester may see it. It raises Http404/DoesNotExist/PermissionDenied as its view would.
Make = Callable[[User, dict[str, Any]], ExportFile]


def may_export(user: User, parameters: dict[str, Any]) -> bool:
    """Whether `user` holds one of the permissions the export was asked under."""
    return any(user.can(permission) for permission in parameters.get("permissions", ()))


def export_enqueue(
    *, actor: User, task: Any, permissions: tuple[str, ...], title: str, parameters: dict[str, Any]
) -> BackgroundJob:
    """Queue an export `task` (whose work is `export_run`) for `actor`, who must hold one of
    `permissions` now, when the worker makes the file and when they download it."""
    parameters = {**parameters, "permissions": [str(p) for p in permissions], "title": title[:200]}
    if not may_export(actor, parameters):
        raise PermissionDenied("Your role does not allow this export.")
    return job_enqueue(kind=JobKind.EXPORT, task=task, actor=actor, parameters=parameters)


def export_run(job_id: int, make: Make, *, describe: str) -> dict[str, Any]:
    """The worker's side of an export task: make the file and keep it with the job."""
    return job_run(job_id, lambda job: _export(job, make), describe=describe)


def _export(job: BackgroundJob, make: Make) -> dict[str, Any]:
    actor = (
        User.objects.filter(pk=job.requested_by_id, is_active=True).first()
        if job.requested_by_id is not None
        else None
    )
    if actor is None or not may_export(actor, job.parameters):
        raise JobRefused(f"{job.requested_by_username} may no longer make this export: no file was made.")
    job_progress(job.pk, step="gathering the figures and drawing the file", done=0, total=2)
    try:
        made = make(actor, job.parameters)
    except (Http404, ObjectDoesNotExist, PermissionDenied):
        raise JobRefused("What this export covers is no longer yours to see: no file was made.") from None
    job_progress(job.pk, step="keeping the file", done=1, total=2)
    now = timezone.now()
    JobFile.objects.create(
        job=job,
        name=made.name[:255],
        content_type=made.content_type,
        content=made.content,
        size=len(made.content),
        made_at=now,
        expires_at=now + EXPORT_KEPT,
    )
    return {"file": made.name[:255], "size": len(made.content)}


def export_file_for(viewer: User, job: BackgroundJob) -> JobFile | None:
    """The job's file, if `viewer` may download it now: the requester only, still holding the
    export's permission, before it expires. None otherwise (the page then says why)."""
    if job.kind != JobKind.EXPORT or job.requested_by_id != viewer.pk:
        return None
    if not may_export(viewer, job.parameters):
        return None
    return JobFile.objects.filter(job=job, expires_at__gt=timezone.now()).first()


def export_download(*, actor: User, job: BackgroundJob) -> HttpResponse:
    """Hand the file to its requester, logged as an export of what it holds."""
    file = export_file_for(actor, job)
    if file is None:
        raise Http404("No such file, or it has expired.")
    access_record(
        actor=actor,
        action=AccessAction.EXPORT,
        object_type="export",
        object_id=job.pk,
        object_label=job.parameters.get("title", "")[:200],
        detail={"file": file.name, "size": file.size, "download": True},
    )
    response = HttpResponse(bytes(file.content), content_type=file.content_type)
    response["Content-Disposition"] = f'attachment; filename="{file.name}"'
    return response


def export_files_expire(*, now: dt.datetime | None = None) -> int:
    """Delete the export files past their time (the job's row stays: it says the file has gone)."""
    gone, _ = JobFile.objects.filter(expires_at__lte=now or timezone.now()).delete()
    return gone
