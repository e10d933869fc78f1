"""Health and metrics endpoints for the force's load balancer and monitoring.

/healthz and /readyz are public on purpose (a load balancer has no account) and say nothing
but "ok" or what is wrong with the service itself; /metrics needs the METRICS_TOKEN bearer
token (a Prometheus scrape config) and carries counts only.
"""

import hmac

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpResponse, JsonResponse
from django.views.decorators.http import require_GET

from safeguarding.access.declarations import PUBLIC, requires
from safeguarding.runtime import metrics


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
