"""Reads of the job queue: a job is seen by whoever asked for it and by administrators."""

from django.db.models import QuerySet

from safeguarding.access.models import User
from safeguarding.access.roles import Permission
from safeguarding.runtime.models import BackgroundJob


def job_visible_to(viewer: User, job: BackgroundJob) -> bool:
    return job.requested_by_id == viewer.pk or viewer.can(Permission.MANAGE_USERS)


def job_for(viewer: User, job_id: int, *, kind: str) -> BackgroundJob:
    """The job, if the viewer may see it; another's job raises DoesNotExist exactly as a
    missing one does (STYLE.md rule 4)."""
    job = BackgroundJob.objects.filter(pk=job_id, kind=kind).first()
    if job is None or not job_visible_to(viewer, job):
        raise BackgroundJob.DoesNotExist(f"No job {job_id}.")
    return job


def jobs_recent(viewer: User, *, limit: int = 50) -> QuerySet[BackgroundJob]:
    """Every kind of job, newest first, for the administrators who keep the worker running."""
    if not viewer.can(Permission.MANAGE_USERS):
        return BackgroundJob.objects.none()
    return BackgroundJob.objects.all()[:limit]


def jobs_requested_by(viewer: User, *, kind: str, limit: int = 10) -> QuerySet[BackgroundJob]:
    return BackgroundJob.objects.filter(requested_by_id=viewer.pk, kind=kind)[:limit]
