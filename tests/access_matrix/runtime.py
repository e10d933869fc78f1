"""Health and metrics (issue 22). Deliberately outside the role table: a load balancer and a
Prometheus scraper have no account. /healthz and /readyz answer anyone and show no data;
/metrics answers only the METRICS_TOKEN bearer token, whoever is signed in
(tests/runtime/test_health.py checks every role is refused without it)."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from tests.access_matrix.table import ALLOW, HIDDEN, Row, everyone

PUBLIC_URL_NAMES = {"healthz", "readyz", "metrics"}


def build(world):
    from safeguarding.runtime.models import BackgroundJob, JobFile, JobKind, JobStatus

    now = timezone.now()
    job = BackgroundJob.objects.create(
        kind=JobKind.EXPORT,
        status=JobStatus.DONE,
        finished_at=now,
        requested_by_id=world["cast"]["supervisor_north"].pk,
        requested_by_username="supervisor_north",
        parameters={"report": "voice", "permissions": ["view_reports"], "title": "Voice (PDF)"},
        outcome={"file": "report-voice.pdf", "size": 9},
    )
    JobFile.objects.create(
        job=job,
        name="report-voice.pdf",
        content_type="application/pdf",
        content=b"%PDF-1.7\n",
        size=9,
        expires_at=now + dt.timedelta(hours=1),
    )
    world["export_job"] = job


# A queued export (runtime/exports.py): its page for the requester and administrators (state
# only), the file for the requester alone; anyone else is told it does not exist.
ROWS = [
    # The queue for the administrators who keep the worker running.
    Row("jobs", lambda w: reverse("jobs"), {"admin": ALLOW}),
    Row(
        "export_job",
        lambda w: reverse("export_job", args=[w["export_job"].pk]),
        everyone(HIDDEN, supervisor_north=ALLOW, admin=ALLOW),
    ),
    Row(
        "export_job_file",
        lambda w: reverse("export_job_file", args=[w["export_job"].pk]),
        everyone(HIDDEN, supervisor_north=ALLOW),
    ),
]
