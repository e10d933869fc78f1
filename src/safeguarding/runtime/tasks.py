"""Evaluation and the scheduler's heavy jobs, queued (ADR 14): `safeguarding evaluate --queue`
and the scheduler put them on the queue, and the worker runs them with their progress kept on
the job's row."""

from typing import Any

from django_tasks import task

from safeguarding.access.models import User
from safeguarding.runtime.models import BackgroundJob, JobKind
from safeguarding.runtime.queue import job_enqueue, job_progress, job_run, jobs_waiting


def evaluation_enqueue(
    *, actor: User | None, district_ids: list[int] | None = None, requester: str = "command line"
) -> BackgroundJob:
    """Queue a full evaluation of the practice standards (or of these districts)."""
    return job_enqueue(
        kind=JobKind.EVALUATE,
        task=evaluate_standards,
        actor=actor,
        parameters={"district_ids": district_ids},
        requester=requester,
    )


@task()
def evaluate_standards(job_id: int) -> dict[str, Any]:
    return job_run(job_id, _evaluate, describe="the evaluation")


def _evaluate(job: BackgroundJob) -> dict[str, Any]:
    from safeguarding.standards.services import evaluation_steps, standards_evaluate_force

    district_ids = job.parameters.get("district_ids")
    total = evaluation_steps(district_ids=district_ids)
    done = 0

    def progress(label: str, standard_id: str) -> None:
        nonlocal done
        done += 1
        job_progress(job.pk, step=f"{label} {standard_id}", done=done, total=total)

    summary = standards_evaluate_force(district_ids=district_ids, progress=progress)
    return {key: summary[key] for key in ("districts", "cases", "results", "by_state", "seconds")}


def scheduled_enqueue(name: str) -> BackgroundJob | None:
    """Queue one of the scheduler's jobs (runtime/jobs.py), unless one is already waiting or
    running: a slow night must not pile up copies of the same work."""
    if jobs_waiting(JobKind.SCHEDULED, job_name=name):
        return None
    return job_enqueue(kind=JobKind.SCHEDULED, task=run_scheduled, actor=None, parameters={"job": name})


@task()
def run_scheduled(job_id: int) -> dict[str, Any]:
    return job_run(job_id, _scheduled, describe="the scheduled job")


def _scheduled(job: BackgroundJob) -> dict[str, Any]:
    from safeguarding.runtime.jobs import run_job

    return {"count": run_job(job.parameters["job"])}
