"""Issue 22: the job queue (django-tasks with its database backend) on SQLite and PostgreSQL:
a job is queued with its task, the worker runs it, its progress is kept as it goes, and a
failure is recorded in words with nothing half-saved."""

import json

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from safeguarding.cases.models import Incident
from safeguarding.cases.vocabulary import CaseType, IncidentKind
from safeguarding.runtime.models import BackgroundJob, JobKind, JobStatus
from safeguarding.runtime.queue import job_enqueue, job_progress, job_run, jobs_prune
from safeguarding.runtime.tasks import evaluate_standards, evaluation_enqueue, scheduled_enqueue
from safeguarding.standards.models import StandardResult
from tests.factories import make_case, make_entry, make_person
from tests.queue import run_worker

pytestmark = pytest.mark.django_db


def _case(cast, districts):
    case = make_case(
        districts["north"],
        case_type=CaseType.DOMESTIC_ABUSE,
        children=[make_person(districts["north"])],
        officer_in_charge=cast["officer_north"],
    )
    make_entry(Incident, case, "2026-03-02 22:00", kind=IncidentKind.DOMESTIC_ABUSE, children_present=1)
    return case


def test_an_evaluation_waits_in_the_queue_until_the_worker_runs_it(cast, districts):
    case = _case(cast, districts)
    job = evaluation_enqueue(actor=cast["admin"])

    task = DBTaskResult.objects.get(pk=job.task_id)
    assert task.status == "READY" and task.args_kwargs["args"] == [job.pk]
    assert job.status == JobStatus.QUEUED and not StandardResult.objects.filter(case=case).exists()

    run_worker()

    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.finished_at is not None
    assert job.outcome["cases"] == 1 and job.outcome["results"] > 0
    assert job.steps_total > 0 and job.steps_done == job.steps_total
    assert StandardResult.objects.filter(case=case).count() == job.outcome["results"]
    assert DBTaskResult.objects.get(pk=job.task_id).status == "SUCCESSFUL"


def test_progress_is_kept_on_the_job_while_it_runs(cast):
    seen = []

    def work(job):
        job_progress(job.pk, step="reading the files", done=0, total=4)
        seen.append(
            BackgroundJob.objects.values_list("status", "step", "steps_done", "steps_total").get(pk=job.pk)
        )
        job_progress(job.pk, step="checking every row", done=1, total=4)
        seen.append(
            BackgroundJob.objects.values_list("status", "step", "steps_done", "steps_total").get(pk=job.pk)
        )
        return {"rows": 3}

    job = BackgroundJob.objects.create(kind=JobKind.EVALUATE, requested_by_username="test")
    assert job_run(job.pk, work, describe="the test") == {"rows": 3}
    assert seen == [
        ("running", "reading the files", 0, 4),
        ("running", "checking every row", 1, 4),
    ]
    job.refresh_from_db()
    assert (job.status, job.percent, job.outcome) == ("done", 100, {"rows": 3})


def test_a_job_the_worker_meets_twice_runs_once(cast):
    calls = []
    job = BackgroundJob.objects.create(kind=JobKind.EVALUATE, requested_by_username="test")
    job_run(job.pk, lambda j: calls.append(j.pk) or {}, describe="the test")
    again = job_run(job.pk, lambda j: calls.append(j.pk) or {}, describe="the test")
    assert calls == [job.pk] and "already done" in again["skipped"]


def test_a_failed_evaluation_says_why_and_keeps_the_previous_results(cast, districts, monkeypatch):
    case = _case(cast, districts)
    call_command("evaluate", "--no-progress", stdout=open("/dev/null", "w"))  # noqa: SIM115
    before = sorted(StandardResult.objects.filter(case=case).values_list("standard_id", "state"))
    assert before

    from safeguarding.standards import engine

    def broken(*args, **kwargs):
        # Its message quotes a record's values: neither the job nor the task may repeat them.
        raise RuntimeError("Amelia Hartley 2015-04-12")

    monkeypatch.setattr(engine, "evaluate_force", broken)
    job = evaluation_enqueue(actor=cast["admin"])
    run_worker()

    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.finished_at is not None
    assert "unexpected error (RuntimeError)" in job.failure and f"job {job.pk}" in job.failure
    assert "Amelia" not in job.failure
    task = DBTaskResult.objects.get(pk=job.task_id)
    assert task.status == "FAILED" and "Amelia" not in task.traceback
    assert sorted(StandardResult.objects.filter(case=case).values_list("standard_id", "state")) == before


def test_the_scheduler_queues_re_judging_once_while_it_waits(cast):
    first = scheduled_enqueue("rejudge-due")
    assert first is not None and scheduled_enqueue("rejudge-due") is None
    assert first.requested_by_username == "scheduler" and first.requested_by_id is None

    run_worker()

    first.refresh_from_db()
    assert first.status == JobStatus.DONE and first.outcome == {"count": 0}
    assert scheduled_enqueue("rejudge-due") is not None  # the next interval queues again


def test_evaluate_queue_prints_the_job_and_runs_nothing_yet(cast, districts, capsys):
    _case(cast, districts)
    call_command("evaluate", "--queue", "--json")
    job_id = json.loads(capsys.readouterr().out)["job"]
    job = BackgroundJob.objects.get(pk=job_id)
    assert (job.kind, job.status, job.requested_by_username) == ("evaluate", "queued", "command line")
    assert not StandardResult.objects.exists()


def test_the_immediate_backend_runs_the_job_as_it_is_queued(cast, districts, settings):
    """The same job on django-tasks' immediate backend (no worker): how a small installation
    could run without one; the outcome is recorded the same way."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    _case(cast, districts)
    job = job_enqueue(kind=JobKind.EVALUATE, task=evaluate_standards, actor=cast["admin"])
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.outcome["cases"] == 1


def test_finished_jobs_are_pruned_after_their_time(cast):
    from django.utils import timezone

    old = BackgroundJob.objects.create(
        kind=JobKind.EVALUATE,
        requested_by_username="test",
        status=JobStatus.DONE,
        finished_at=timezone.now() - timezone.timedelta(days=40),
    )
    waiting = BackgroundJob.objects.create(kind=JobKind.EVALUATE, requested_by_username="test")
    assert jobs_prune(older_than=timezone.timedelta(days=30)) == 1
    assert (
        not BackgroundJob.objects.filter(pk=old.pk).exists()
        and BackgroundJob.objects.filter(pk=waiting.pk).exists()
    )
