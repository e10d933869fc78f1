"""Health and metrics (issue 22). Deliberately outside the role table: a load balancer and a
Prometheus scraper have no account. /healthz and /readyz answer anyone and show no data;
/metrics answers only the METRICS_TOKEN bearer token, whoever is signed in
(tests/runtime/test_health.py checks every role is refused without it)."""

PUBLIC_URL_NAMES = {"healthz", "readyz", "metrics"}
