"""Issue 22: a job whose worker was killed mid-run does not stay "running" for ever. The worker
beats while it works; the scheduler's recover-stalled-jobs gives a silent job up (saying so in
words) or, when its work is safe to repeat, queues it once more. A dead worker is simulated by
leaving the rows as a killed one leaves them: the job and its task "running", the beat old."""

import datetime as dt
import threading

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from safeguarding.runtime import jobs, queue
from safeguarding.runtime.models import BackgroundJob, JobStatus, JobUpload
from safeguarding.runtime.queue import STALLED_AFTER, job_heartbeat, jobs_recover_stalled
from safeguarding.runtime.tasks import evaluation_enqueue
from tests.queue import run_worker

pytestmark = pytest.mark.django_db


def _worker_died(job: BackgroundJob, *, silent_for: dt.timedelta) -> None:
    """What a worker killed while running `job` leaves behind."""
    then = timezone.now() - silent_for
    BackgroundJob.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, started_at=then, heartbeat_at=then, step="half-way", steps_done=3
    )
    DBTaskResult.objects.filter(pk=job.task_id).update(status="RUNNING", started_at=then)


def test_a_repeatable_job_is_queued_once_more_then_done(cast):
    job = evaluation_enqueue(actor=cast["admin"])
    first_task = job.task_id
    _worker_died(job, silent_for=STALLED_AFTER + dt.timedelta(minutes=1))

    assert jobs_recover_stalled() == {"restarted": 1, "failed": 0}

    job.refresh_from_db()
    assert (job.status, job.restarts, job.step, job.started_at) == (JobStatus.QUEUED, 1, "", None)
    assert job.task_id != first_task
    old = DBTaskResult.objects.get(pk=first_task)
    assert old.status == "FAILED" and "stopped answering" in old.traceback
    run_worker()
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and DBTaskResult.objects.get(pk=job.task_id).status == "SUCCESSFUL"


def test_a_job_that_stalls_again_is_given_up_in_plain_words(cast):
    job = evaluation_enqueue(actor=cast["admin"])
    BackgroundJob.objects.filter(pk=job.pk).update(restarts=queue.MAX_RESTARTS)
    _worker_died(job, silent_for=STALLED_AFTER + dt.timedelta(minutes=1))

    assert jobs.recover_stalled_jobs() == 1  # the scheduler's job

    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.finished_at is not None
    assert "stopped answering" in job.failure and "nothing it was doing was saved" in job.failure
    assert DBTaskResult.objects.get(pk=job.task_id).status == "FAILED"


def test_an_import_is_not_repeated_its_importer_is_told_and_its_upload_deleted(cast, client_for):
    from safeguarding.exchange.tasks import import_enqueue

    job = import_enqueue(
        actor=cast["data_manager"],
        file_name="x.zip",
        content=b"PK",
        source_system="NICHE",
        skip_invalid=False,
    )
    _worker_died(job, silent_for=STALLED_AFTER + dt.timedelta(seconds=1))

    assert jobs_recover_stalled() == {"restarted": 0, "failed": 1}

    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and "upload the file again" in job.failure
    assert not JobUpload.objects.filter(job=job).exists()  # it held personal data
    page = client_for("data_manager").get(reverse("exchange:job", args=[job.pk])).content.decode()
    assert "stopped answering" in page and "hx-trigger" not in page


def test_a_job_still_beating_or_waiting_is_left_alone(cast):
    running = evaluation_enqueue(actor=cast["admin"])
    _worker_died(running, silent_for=STALLED_AFTER - dt.timedelta(minutes=1))
    waiting = evaluation_enqueue(actor=cast["admin"])  # queued for long is not stalled: no worker took it

    assert jobs_recover_stalled(now=timezone.now()) == {"restarted": 0, "failed": 0}
    assert job_heartbeat(running.pk)
    assert jobs_recover_stalled(now=timezone.now() + STALLED_AFTER - dt.timedelta(seconds=5)) == {
        "restarted": 0,
        "failed": 0,
    }
    assert BackgroundJob.objects.get(pk=running.pk).status == JobStatus.RUNNING
    assert BackgroundJob.objects.get(pk=waiting.pk).status == JobStatus.QUEUED


def test_a_finished_job_is_not_finished_again_by_its_late_worker(cast):
    """If the worker was only slow (its beats held up), the scheduler's verdict stands."""
    job = evaluation_enqueue(actor=cast["admin"])
    BackgroundJob.objects.filter(pk=job.pk).update(restarts=queue.MAX_RESTARTS)
    _worker_died(job, silent_for=STALLED_AFTER * 2)
    jobs_recover_stalled()
    queue._finish(BackgroundJob.objects.get(pk=job.pk), JobStatus.DONE, outcome={"late": True})
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.outcome == {}


def test_the_worker_beats_from_a_thread_while_the_work_runs(monkeypatch):
    """The beat itself is a database update (job_heartbeat, above); here, that the thread calls
    it while the work runs and stops when it ends. No timing is asserted: the work waits for a
    beat, however long it takes."""
    beaten = threading.Event()
    calls = []
    monkeypatch.setattr(queue, "job_heartbeat", lambda job_id: calls.append(job_id) or beaten.set())
    with queue.heartbeat(41, every=dt.timedelta(milliseconds=1)):
        assert beaten.wait(timeout=60)
    count = len(calls)
    assert set(calls) == {41} and count >= 1
    assert not any(t.name == "job-41-heartbeat" for t in threading.enumerate())  # it stopped


def test_the_administrators_queue_page_shows_a_given_up_job_in_words(cast, client_for):
    job = evaluation_enqueue(actor=cast["admin"])
    BackgroundJob.objects.filter(pk=job.pk).update(restarts=queue.MAX_RESTARTS)
    _worker_died(job, silent_for=STALLED_AFTER + dt.timedelta(minutes=1))
    jobs_recover_stalled()
    page = client_for("admin").get(reverse("jobs")).content.decode()
    assert f'id="job-{job.pk}"' in page and "The worker running this job stopped answering" in page
    assert "started again after its worker stopped answering" in page
