"""Health and metrics endpoints for the force's load balancer and monitoring.

/healthz and /readyz are public on purpose (a load balancer has no account) and say nothing
but "ok" or what is wrong with the service itself; /metrics needs the METRICS_TOKEN bearer
token (a Prometheus scrape config) and carries counts only.
"""

import hmac

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from safeguarding.access.declarations import ANY_STAFF, PUBLIC, requires
from safeguarding.access.roles import Permission
from safeguarding.access.stepup import step_up_required
from safeguarding.runtime import metrics
from safeguarding.runtime.exports import export_download, export_file_for
from safeguarding.runtime.models import BackgroundJob, JobFile, JobKind
from safeguarding.runtime.queue import STALLED_AFTER
from safeguarding.runtime.selectors import job_for, jobs_recent


@require_GET
@requires(PUBLIC)
def healthz(request):
    """Liveness: the process answers. No database: a database outage must not restart every server."""
    return JsonResponse({"status": "ok"})


def unapplied_migrations() -> int:
    connection = connections[DEFAULT_DB_ALIAS]
    executor = MigrationExecutor(connection)
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))


@require_GET
@requires(PUBLIC)
def readyz(request):
    """Readiness: the database answers and every migration is applied (else 503, so the load
    balancer sends no traffic to a server mid-upgrade)."""
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT 1")
        pending = unapplied_migrations()
    except Exception:  # noqa: BLE001 - any database failure means "not ready"
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    if pending:
        return JsonResponse({"status": "unavailable", "unapplied_migrations": pending}, status=503)
    return JsonResponse({"status": "ok"})


def _bearer_token_matches(request) -> bool:
    expected = settings.METRICS_TOKEN
    header = request.headers.get("Authorization", "")
    if not expected or not header.startswith("Bearer "):
        return False
    return hmac.compare_digest(header.removeprefix("Bearer ").encode(), expected.encode())


@require_GET
@requires(PUBLIC)  # authenticated here, by the scraper's bearer token rather than a session
def metrics_view(request):
    if not _bearer_token_matches(request):
        response = HttpResponse("A bearer token (METRICS_TOKEN) is required.", status=401)
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    metrics.refresh_worklist_sizes()
    return HttpResponse(metrics.render(), content_type="text/plain; version=0.0.4; charset=utf-8")


def _export_job(request, pk: int) -> BackgroundJob:
    try:
        return job_for(request.user, pk, kind=JobKind.EXPORT)
    except BackgroundJob.DoesNotExist:
        raise Http404("No such export.") from None


@requires(ANY_STAFF)  # the job's requester and administrators (job_for); anyone else gets 404
@require_GET
def export_job(request, pk: int):
    """A queued export: its progress while the worker makes it (the fragment polls itself),
    then the download for its requester until the file expires."""
    job = _export_job(request, pk)
    file = export_file_for(request.user, job) if job.finished else None
    context = {
        "job": job,
        "file": file,
        "is_requester": job.requested_by_id == request.user.pk,
        "file_gone": job.finished
        and not JobFile.objects.filter(job=job, expires_at__gt=timezone.now()).exists(),
        "stalled_minutes": int(STALLED_AFTER.total_seconds() // 60),
    }
    template = "runtime/_export_job.html" if request.htmx else "runtime/export_job.html"
    return render(request, template, context)


@requires(ANY_STAFF)  # the requester alone (runtime/exports.py); anyone else gets 404
@require_GET
@step_up_required  # a bulk export: the password again first (issue 13)
def export_job_file(request, pk: int):
    return export_download(actor=request.user, job=_export_job(request, pk))


@requires(Permission.MANAGE_USERS)
@require_GET
def jobs(request):
    """The queue as the administrators see it: every job's kind, state and failure in words
    (counts and ids only: a job's outcome never holds a record's values)."""
    return render(
        request,
        "runtime/jobs.html",
        {"jobs": jobs_recent(request.user), "stalled_minutes": int(STALLED_AFTER.total_seconds() // 60)},
    )
