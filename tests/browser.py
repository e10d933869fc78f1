"""Real-browser tests: Playwright driving Debian's chromium (never a downloaded browser).

Use in a test module:
    from tests.browser import browser_page, login  # noqa: F401  (fixture import)

Outside CI the tests skip with a reason when chromium is absent; in CI (CI=true) they fail.
"""

import os
import shutil

import pytest
from django.db import connection, connections

from safeguarding.access import guards

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _chromium_available() -> bool:
    return os.path.exists(CHROMIUM) or shutil.which("chromium") is not None


@pytest.fixture
def browser_page(live_server):
    if not _chromium_available():
        if os.environ.get("CI") == "true":
            pytest.fail(f"chromium not found at {CHROMIUM}: browser tests are required in CI")
        pytest.skip(
            f"chromium not found at {CHROMIUM} (apt-get install chromium); browser tests skipped outside CI"
        )
    # Playwright's sync API runs an event loop in this thread; Django's ORM must be allowed here.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        context = browser.new_context(base_url=live_server.url, accept_downloads=True)
        page = context.new_page()
        page.set_default_timeout(15_000)
        try:
            yield page
        finally:
            context.close()
            browser.close()
            # Playwright runs the test in a greenlet with its own context, so Django opened
            # separate connections in it: close them, or PostgreSQL cannot drop the database.
            connections.close_all()
    _leave_test_database_clean()


def _leave_test_database_clean() -> None:
    """Let the test database be flushed after a browser test.

    SQLite flushes with DELETE, which the access log's append-only trigger refuses (PostgreSQL
    TRUNCATEs, whose guard tests/conftest.py lifts on the test database): clear the log with the
    guards lifted, then restore them.
    """
    if connection.vendor == "sqlite":
        guards.lift(connection)
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM access_accessevent")
        guards.install(connection)


def login(page, username: str, password: str = "test-password-123", *, step_up: bool = True) -> None:
    """Sign in by the pages, both factors: the password, then a code from the cast's test TOTP
    secret (tests/signin.py)."""
    from safeguarding.access.models import User
    from tests.signin import code_for

    page.goto("/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    page.fill("#id_code", code_for(User.objects.get(username=username)))
    page.click("#second-factor-submit")
    page.wait_for_load_state("networkidle")
    if step_up:  # re-enter the password now, so exports and other districts' records open directly
        page.goto("/account/confirm/")
        page.fill("#id_password", password)
        page.click("#step-up-submit")
        page.wait_for_load_state("networkidle")


def fill_date(page, field_id: str, value: str) -> None:
    """Type an ISO date ("2026-01-01") or date and time ("2026-01-01T14:30") into the GOV.UK day,
    month, year (and time) boxes of a field, as an officer would: "#id_period_start" fills
    #id_period_start_day, _month, _year."""
    field_id = field_id.lstrip("#")
    date, _, time = value.partition("T")
    year, month, day = date.split("-")
    for part, typed in (("day", str(int(day))), ("month", str(int(month))), ("year", year)):
        page.fill(f"#{field_id}_{part}", typed)
    if time:
        page.fill(f"#{field_id}_time", time[:5])
