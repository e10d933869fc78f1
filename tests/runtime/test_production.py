"""Issue 22: production refuses an unsafe start; the server believes only the trusted proxy."""

import os
import subprocess
import sys

import pytest
from waitress.proxy_headers import proxy_headers_middleware

from safeguarding.runtime.server import waitress_options

PRODUCTION_ENV = {
    "SAFEGUARDING_ENV": "production",
    "SECRET_KEY": "test-only-" + "k" * 50,
    "ALLOWED_HOSTS": "safeguarding.example.police.uk",
}


def load_settings(extra: dict[str, str]) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"} | PRODUCTION_ENV | extra
    return subprocess.run(
        [sys.executable, "-c", "import safeguarding.settings as s; print(s.DATABASES['default']['ENGINE'])"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_refuses_to_start_without_a_database_url():
    result = load_settings({})
    assert result.returncode != 0
    assert "DATABASE_URL must be set to a PostgreSQL URL" in result.stderr


def test_production_refuses_sqlite():
    result = load_settings({"DATABASE_URL": "sqlite:////tmp/x.sqlite3"})
    assert result.returncode != 0
    assert "DATABASE_URL must be set to a PostgreSQL URL" in result.stderr


def test_production_starts_on_postgresql_with_health_checked_connections():
    result = load_settings({"DATABASE_URL": "postgres://app@db.example:5432/safeguarding"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.db.backends.postgresql"


def test_reading_the_settings_writes_nothing(tmp_path):
    data_dir = tmp_path / "data"
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"} | {
        "SAFEGUARDING_DATA_DIR": str(data_dir)
    }
    result = subprocess.run(
        [sys.executable, "-c", "import safeguarding.settings"], env=env, capture_output=True, timeout=60
    )
    assert result.returncode == 0
    assert not data_dir.exists()


def test_connections_are_health_checked(settings):
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True


def _scheme_and_client(settings, *, peer: str, headers: dict[str, str]) -> tuple[str, str, bool]:
    options = waitress_options(host="127.0.0.1", port=8000, threads=1)
    seen = {}

    def app(environ, start_response):
        seen.update(environ)
        return []

    wrapped = proxy_headers_middleware(
        app,
        trusted_proxy=options.get("trusted_proxy"),
        trusted_proxy_count=options.get("trusted_proxy_count", 1),
        trusted_proxy_headers=options.get("trusted_proxy_headers"),
        clear_untrusted=options["clear_untrusted_proxy_headers"],
    )
    environ = {"REMOTE_ADDR": peer, "wsgi.url_scheme": "http", "SERVER_NAME": "x", "SERVER_PORT": "8000"}
    environ |= {"HTTP_" + k.upper().replace("-", "_"): v for k, v in headers.items()}
    wrapped(environ, lambda *a: None)
    return seen["wsgi.url_scheme"], seen["REMOTE_ADDR"], "HTTP_X_FORWARDED_FOR" in seen


FORWARDED = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "10.9.8.7"}


def test_behind_the_trusted_proxy_the_request_is_https_from_the_real_client(settings):
    settings.TRUSTED_PROXY = "10.0.0.2"
    scheme, client, _ = _scheme_and_client(settings, peer="10.0.0.2", headers=FORWARDED)
    assert (scheme, client) == ("https", "10.9.8.7")


@pytest.mark.parametrize("trusted", ["", "10.0.0.2"])
def test_forwarded_headers_from_anyone_else_are_dropped(settings, trusted):
    settings.TRUSTED_PROXY = trusted
    scheme, client, forwarded_for_kept = _scheme_and_client(settings, peer="192.0.2.50", headers=FORWARDED)
    assert (scheme, client, forwarded_for_kept) == ("http", "192.0.2.50", False)
