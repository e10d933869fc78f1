"""The job queue's writes (ADR 14): queue a job, record its progress, run it to an outcome.

A job is a `BackgroundJob` row (what the page shows) and a django-tasks task (what the worker
runs), made in one transaction: a job is never queued without its row, nor its row without the
task. The work itself is a service that is atomic on its own (an import loads or refuses the
batch whole; an evaluation swaps the results in at once), so a failure leaves nothing
half-saved; the job row then says why, in words, and the worker's log names only the job and
the error's class (an error's message may quote a record's values).
"""

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from safeguarding.access.models import User
from safeguarding.runtime.models import BackgroundJob, JobStatus, JobUpload

logger = logging.getLogger("safeguarding.queue")

SCHEDULER = "scheduler"  # the requester's name on the scheduler's jobs


class JobRefused(Exception):
    """An expected refusal (the file is not an extract, the requester may no longer do this):
    its message is shown to the requester as it is, so it must name no record's values."""


class JobFailed(Exception):
    """What the task raises when its job failed, so django-tasks records the task as failed too.
    It carries the job's message only: the original error (whose text may quote values) is
    neither chained into the traceback django-tasks stores nor logged."""


def job_enqueue(
    *,
    kind: str,
    task: Any,
    actor: User | None,
    parameters: dict | None = None,
    upload: tuple[str, bytes] | None = None,
    requester: str = SCHEDULER,
) -> BackgroundJob:
    """Queue `task` (a django-tasks Task taking the job's id) for a new job. Without an
    `actor` the job is the scheduler's (or `requester`'s, e.g. the command line). `upload` is
    (file name, content), kept with the job until it has run."""
    with transaction.atomic():
        job = BackgroundJob.objects.create(
            kind=kind,
            requested_by_id=actor.pk if actor is not None else None,
            requested_by_username=actor.get_username() if actor is not None else requester,
            parameters=parameters or {},
        )
        if upload is not None:
            JobUpload.objects.create(job=job, name=upload[0][:255], content=upload[1])
        result = task.enqueue(job.pk)
        job.task_id = str(result.id)[:64]
        job.save(update_fields=["task_id"])
    logger.info("job queued", extra={"job": job.pk, "kind": kind})
    return job


def job_progress(job_id: int, *, step: str, done: int, total: int) -> None:
    """Say how far a running job has got. Written at once (autocommit) when the job holds no
    transaction open; inside one, it shows when that commits."""
    BackgroundJob.objects.filter(pk=job_id, status=JobStatus.RUNNING).update(
        step=step[:100], steps_done=done, steps_total=max(total, done)
    )


Work = Callable[[BackgroundJob], dict[str, Any]]


def job_run(job_id: int, work: Work, *, describe: str) -> dict[str, Any]:
    """Run a queued job's work and record its outcome. A job already started or finished is
    left alone (a task the worker ran twice does the work once). `describe` names the work in
    the failure message ("the import")."""
    claimed = BackgroundJob.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=timezone.now()
    )
    job = BackgroundJob.objects.get(pk=job_id)
    if not claimed:
        return {"skipped": f"job {job_id} was already {job.status}"}
    try:
        outcome = work(job)
    except JobRefused as refusal:
        _finish(job, JobStatus.FAILED, failure=str(refusal))
        raise JobFailed(f"Job {job_id}: {refusal}") from None
    except Exception as error:
        failure = (
            f"{describe[:1].upper()}{describe[1:]} stopped on an unexpected error "
            f"({type(error).__name__}); nothing it was doing was saved. Tell the system's "
            f"administrators, quoting job {job_id}."
        )
        _finish(job, JobStatus.FAILED, failure=failure)
        logger.error("job failed", extra={"job": job_id, "kind": job.kind, "error": type(error).__name__})
        raise JobFailed(failure) from None
    finally:
        JobUpload.objects.filter(job_id=job_id).delete()
    _finish(job, JobStatus.DONE, outcome=outcome)
    logger.info("job done", extra={"job": job_id, "kind": job.kind})
    return outcome


def _finish(job: BackgroundJob, status: str, *, outcome: dict | None = None, failure: str = "") -> None:
    fields: dict[str, Any] = {
        "status": status,
        "finished_at": timezone.now(),
        "outcome": outcome or {},
        "failure": failure,
    }
    if status == JobStatus.DONE:
        fields.update(step="", steps_done=F("steps_total"))
    BackgroundJob.objects.filter(pk=job.pk).update(**fields)


def jobs_waiting(kind: str, *, job_name: str | None = None) -> bool:
    """Whether a job of this kind (a scheduled job of this name) is queued or running: the
    scheduler queues no second one while the first has not finished."""
    waiting = BackgroundJob.objects.filter(kind=kind, status__in=(JobStatus.QUEUED, JobStatus.RUNNING))
    if job_name is not None:
        waiting = waiting.filter(parameters__job=job_name)
    return waiting.exists()


def jobs_prune(*, older_than: dt.timedelta, now: dt.datetime | None = None) -> int:
    """Delete finished jobs older than this (their outcome holds counts and ids only; an
    import's own record is its batch). Returns how many."""
    cutoff = (now or timezone.now()) - older_than
    gone, _ = BackgroundJob.objects.filter(
        status__in=(JobStatus.DONE, JobStatus.FAILED), finished_at__lt=cutoff
    ).delete()
    return gone
