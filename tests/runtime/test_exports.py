"""Issue 22: exports on the job queue. A report's PDF is made by the worker, shown with its
progress on the job's page, and downloaded by its requester alone, logged, until it expires
(then deleted by the scheduler's prune-jobs)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from safeguarding.access.models import AccessAction, AccessEvent
from safeguarding.access.roles import Role
from safeguarding.runtime import jobs
from safeguarding.runtime.models import BackgroundJob, JobFile, JobKind, JobStatus
from tests.queue import run_worker

pytestmark = pytest.mark.django_db

PERIOD = {"period_from": "2026-01", "period_to": "2026-06"}


def _ask(client, slug="voice"):
    response = client.post(
        f"{reverse('reports:report_pdf', args=[slug])}?period_from=2026-01&period_to=2026-06"
    )
    assert response.status_code == 302
    return BackgroundJob.objects.get(kind=JobKind.EXPORT)


def test_the_pdf_is_made_by_the_worker_and_downloaded_by_its_requester(client_for, cast):
    client = client_for("supervisor_north")
    ask = client.get(reverse("reports:report_pdf", args=["voice"]), PERIOD)
    assert ask.status_code == 200 and 'id="prepare-export"' in ask.content.decode()
    assert not BackgroundJob.objects.exists()  # asking shows the form; only the POST queues

    job = _ask(client)
    assert job.requested_by_username == "supervisor_north" and job.status == JobStatus.QUEUED
    # The filters as the reader may use them (the published voice report counts by quarter).
    assert job.parameters["filters"]["period_to"] == "2026-06"
    waiting = client.get(reverse("export_job", args=[job.pk])).content.decode()
    assert "Waiting for the worker" in waiting and 'hx-trigger="every 2s"' in waiting
    assert "download-export" not in waiting

    run_worker()

    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.percent == 100 and job.outcome["file"].endswith(".pdf")
    page = client.get(reverse("export_job", args=[job.pk])).content.decode()
    assert 'id="download-export"' in page and "hx-trigger" not in page and "Kept until" in page
    before = AccessEvent.objects.filter(object_type="export").count()
    download = client.get(reverse("export_job_file", args=[job.pk]))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert download.content.startswith(b"%PDF") and "attachment" in download["Content-Disposition"]
    event = AccessEvent.objects.filter(object_type="export").latest("pk")
    assert AccessEvent.objects.filter(object_type="export").count() == before + 1
    assert (event.action, event.actor_username, event.object_id) == (
        AccessAction.EXPORT,
        "supervisor_north",
        str(job.pk),
    )
    # The request itself was logged as the report's export when it was asked for, as before.
    assert AccessEvent.objects.filter(
        object_type="report", action=AccessAction.EXPORT, object_id="voice"
    ).exists()


def test_only_the_requester_downloads_an_administrator_sees_the_state_anyone_else_nothing(client_for, cast):
    job = _ask(client_for("supervisor_north"))
    run_worker()
    other = client_for("supervisor_south")
    assert other.get(reverse("export_job", args=[job.pk])).status_code == 404
    assert other.get(reverse("export_job_file", args=[job.pk])).status_code == 404
    admin = client_for("admin")
    page = admin.get(reverse("export_job", args=[job.pk]))
    assert page.status_code == 200 and "only they may download it" in page.content.decode()
    assert admin.get(reverse("export_job_file", args=[job.pk])).status_code == 404


def test_an_expired_file_is_refused_then_deleted_by_the_scheduler(client_for, cast):
    client = client_for("supervisor_north")
    job = _ask(client)
    run_worker()
    later = timezone.now() + dt.timedelta(hours=25)
    JobFile.objects.filter(job=job).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert client.get(reverse("export_job_file", args=[job.pk])).status_code == 404
    assert "has been deleted" in client.get(reverse("export_job", args=[job.pk])).content.decode()
    assert jobs.prune_jobs(later) == 1
    assert not JobFile.objects.exists() and BackgroundJob.objects.filter(pk=job.pk).exists()


def test_a_requester_who_lost_the_permission_gets_no_file(client_for, cast):
    job = _ask(client_for("supervisor_north"))
    cast["supervisor_north"].role = Role.OFFICER  # moved to a role without reports while it waited
    cast["supervisor_north"].save(update_fields=["role"])
    run_worker()
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and "may no longer make this export" in job.failure
    assert not JobFile.objects.exists()


def test_the_file_is_lost_with_the_permission_after_it_was_made(client_for, cast):
    client = client_for("supervisor_north")
    job = _ask(client)
    run_worker()
    cast["supervisor_north"].role = Role.OFFICER
    cast["supervisor_north"].save(update_fields=["role"])
    # Still their job (they see its state), but the file is neither offered nor served.
    assert client.get(reverse("export_job_file", args=[job.pk])).status_code == 404
    assert "no longer allows this export" in client.get(reverse("export_job", args=[job.pk])).content.decode()


def test_the_audit_and_panel_paper_pdfs_are_asked_for_not_served_by_a_get(client_for, cast):
    """The old links now lead to the asking page: a GET makes no file and queues nothing."""
    from tests.audits.builders import make_audit

    audit = make_audit(cast["auditor"])
    response = client_for("auditor").get(reverse("audits:report_pdf", args=[audit.pk]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    assert not BackgroundJob.objects.exists()
