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
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connections, transaction
from django.db.models import F, Q
from django.utils import timezone

from safeguarding.access.models import User
from safeguarding.runtime.models import BackgroundJob, JobKind, JobStatus, JobUpload

logger = logging.getLogger("safeguarding.queue")

SCHEDULER = "scheduler"  # the requester's name on the scheduler's jobs

# A running job's worker writes its heartbeat this often (from a thread of its own, so a long
# step with no progress to report still beats); a job silent for STALLED_AFTER lost its worker.
# The margin is wide because on SQLite a beat waits while the work holds the one write lock.
HEARTBEAT_EVERY = dt.timedelta(seconds=30)
STALLED_AFTER = dt.timedelta(minutes=10)
# Kinds whose work may simply be done again after a worker died mid-way: each is atomic and
# repeatable (an evaluation swaps its results in whole; a scheduled job finds what is due now;
# an export makes its file again). An import is not restarted: its requester is told to send
# the file again (its upload is deleted with the failure, it holds personal data).
RESTARTABLE = (JobKind.EVALUATE, JobKind.SCHEDULED, JobKind.EXPORT)
MAX_RESTARTS = 1


class JobRefused(Exception):
    """An expected refusal (the file is not an extract, the requester may no longer do this):
    its message is shown to the requester as it is, so it must name no record's values."""


class WorkerStalled(Exception):
    """Named on a task's row when its worker stopped answering (jobs_recover_stalled)."""


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
    now = timezone.now()
    claimed = BackgroundJob.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=now, heartbeat_at=now
    )
    job = BackgroundJob.objects.get(pk=job_id)
    if not claimed:
        return {"skipped": f"job {job_id} was already {job.status}"}
    try:
        with heartbeat(job_id):
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


def job_heartbeat(job_id: int, *, now: dt.datetime | None = None) -> bool:
    """Say the job's worker is alive. False if the job is no longer running (it finished, or
    was given up as stalled)."""
    return bool(
        BackgroundJob.objects.filter(pk=job_id, status=JobStatus.RUNNING).update(
            heartbeat_at=now or timezone.now()
        )
    )


@contextmanager
def heartbeat(job_id: int, every: dt.timedelta = HEARTBEAT_EVERY) -> Iterator[None]:
    """Beat for the job from a thread while the work runs. The thread has its own database
    connection (closed when it ends); a beat that fails (the database is busy or gone) is
    logged and tried again next time: the work is never stopped by it."""
    stop = threading.Event()

    def beat() -> None:
        try:
            while not stop.wait(every.total_seconds()):
                try:
                    job_heartbeat(job_id)
                except Exception as error:  # noqa: BLE001 - a missed beat is retried, not fatal
                    logger.warning(
                        "job heartbeat missed", extra={"job": job_id, "error": type(error).__name__}
                    )
        finally:
            connections.close_all()

    thread = threading.Thread(target=beat, name=f"job-{job_id}-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def stalled_failure(job: BackgroundJob) -> str:
    minutes = int(STALLED_AFTER.total_seconds() // 60)
    again = "upload the file again" if job.kind == JobKind.IMPORT else "ask for it again"
    return (
        f"The worker running this job stopped answering (no sign of it for {minutes} minutes: it "
        f"was stopped or its machine restarted), so the job was given up; nothing it was doing was "
        f"saved. Please {again}."
    )


def jobs_recover_stalled(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Find running jobs whose worker has not beaten for STALLED_AFTER. A job safe to repeat
    (RESTARTABLE) and not yet restarted is queued once more; any other is failed, saying so in
    words. Its django-tasks row, left "running" by the dead worker, is marked failed too.
    Returns {"restarted": n, "failed": n}."""
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    cutoff = now - STALLED_AFTER
    counts = {"restarted": 0, "failed": 0}
    stalled = BackgroundJob.objects.filter(status=JobStatus.RUNNING).filter(
        Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, started_at__lt=cutoff)
    )
    for job in stalled:
        with transaction.atomic():
            old_task = DBTaskResult.objects.filter(pk=job.task_id, status="RUNNING")
            task = old_task.first()
            restart = job.kind in RESTARTABLE and job.restarts < MAX_RESTARTS and task is not None
            still = BackgroundJob.objects.filter(
                pk=job.pk, status=JobStatus.RUNNING, heartbeat_at=job.heartbeat_at
            )
            if restart:
                changed = still.update(
                    status=JobStatus.QUEUED,
                    started_at=None,
                    heartbeat_at=None,
                    step="",
                    steps_done=0,
                    restarts=F("restarts") + 1,
                )
            else:
                changed = still.update(status=JobStatus.FAILED, finished_at=now, failure=stalled_failure(job))
                JobUpload.objects.filter(job_id=job.pk).delete()
            if not changed:  # it beat, or finished, since we looked
                continue
            outcome = "queued again" if restart else "failed"
            old_task.update(
                status="FAILED",
                finished_at=now,
                exception_class_path="safeguarding.runtime.queue.WorkerStalled",
                traceback=f"The worker stopped answering; job {job.pk} was {outcome}.",
            )
            if restart and task is not None:
                result = task.task.enqueue(job.pk)
                BackgroundJob.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])
        counts["restarted" if restart else "failed"] += 1
        logger.warning("stalled job recovered", extra={"job": job.pk, "kind": job.kind, "restarted": restart})
    return counts


def _finish(job: BackgroundJob, status: str, *, outcome: dict | None = None, failure: str = "") -> None:
    fields: dict[str, Any] = {
        "status": status,
        "finished_at": timezone.now(),
        "outcome": outcome or {},
        "failure": failure,
    }
    if status == JobStatus.DONE:
        fields.update(step="", steps_done=F("steps_total"))
    # Only a job still running is finished: one the scheduler gave up as stalled keeps that
    # outcome (its worker was gone long enough to be thought dead).
    BackgroundJob.objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(**fields)


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
