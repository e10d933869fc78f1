"""axe-core over every page of the access matrix, for each role that may open it (issue 25).

Every GET row of tests/access_matrix/ is opened in chromium by each role whose expected answer is
ALLOW, and axe-core checks the page; any serious or critical violation fails the test, listed by
URL, role, rule and element. The API's JSON and the downloads (CSV, PDF, files) are not pages a
person reads, so they are counted apart and not checked.

axe-core comes inside the pinned `axe-playwright-python` wheel (its axe.min.js is axe-core
4.12.1, MPL-2.0): nothing is fetched at test time. The run is the same on both databases, so it
runs on SQLite only (skipped when DATABASE_URL is set) to keep CI's PostgreSQL pass short.
"""

import os
import time

import pytest
from django.conf import settings

from tests.access_matrix.table import ALLOW, ROLES
from tests.access_matrix.test_matrix import ROWS
from tests.browser import browser_page  # noqa: F401  (fixture import)
from tests.signin import verified_client
from tests.standards.test_browser_worklist import clear_access_log_for_flush, release_live_server_sessions

# What fails the run; "moderate" and "minor" findings are left to review.
FAILING_IMPACTS = {"serious", "critical"}
AXE_OPTIONS = {"resultTypes": ["violations"]}
# A fragment htmx loads into a page (the case's standards panel) has no <html>, title or
# landmarks of its own: the rules about the whole document are judged on the page that hosts it.
DOCUMENT_RULES = (
    "document-title",
    "html-has-lang",
    "html-lang-valid",
    "landmark-one-main",
    "page-has-heading-one",
    "region",
    "bypass",
)
FRAGMENT_OPTIONS = {**AXE_OPTIONS, "rules": {rule: {"enabled": False} for rule in DOCUMENT_RULES}}

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        bool(os.environ.get("DATABASE_URL")),
        reason="the accessibility sweep runs on one database (SQLite); the pages are the same on PostgreSQL",
    ),
]


@pytest.fixture(autouse=True)
def _database_left_clean(transactional_db):
    yield
    clear_access_log_for_flush()
    release_live_server_sessions()


def _axe_source() -> str:
    from axe_playwright_python.base import AXE_SCRIPT

    return AXE_SCRIPT


def _pages_for(role: str) -> list:
    return [
        row
        for row in ROWS
        if row.method == "get" and row.status_for(role) == ALLOW and not row.url_name.startswith("api:")
    ]


def _signed_in_context(browser, base_url: str, user):
    """A browser context holding a session that has passed both factors and is freshly stepped
    up, as the matrix's own clients are: the pages, not the sign-in, are under test here."""
    client = verified_client(user, stepped_up=True)
    context = browser.new_context(base_url=base_url)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": base_url,
            }
        ]
    )
    context.add_init_script(_axe_source())  # every page gets axe before its own scripts run
    context.set_default_timeout(15_000)
    return context


def test_no_page_has_a_serious_or_critical_accessibility_violation(browser_page, live_server, world, cast):  # noqa: F811
    browser = browser_page.context.browser
    started = time.monotonic()
    failures: list[str] = []
    checked = downloads = 0
    for role in ROLES:
        context = _signed_in_context(browser, live_server.url, cast[role])
        page = context.new_page()
        for row in _pages_for(role):
            path = row.path(world)
            try:
                response = page.goto(path)
            except Exception as error:  # a download is not a page: Playwright says so
                if "Download is starting" in str(error):
                    downloads += 1
                    continue
                raise
            content_type = response.headers.get("content-type", "") if response else ""
            if not content_type.startswith("text/html"):
                downloads += 1
                continue
            if response.status != 200 or not page.url.endswith(path):
                failures.append(f"{path} as {role}: expected the page, got {response.status} at {page.url}")
                continue
            if page.locator("[hx-trigger='load']").count():
                page.wait_for_load_state("networkidle")  # check what htmx loads into the page too
            options = AXE_OPTIONS if page.locator("main").count() else FRAGMENT_OPTIONS
            results = page.evaluate("(options) => axe.run(document, options)", options)
            checked += 1
            for violation in results["violations"]:
                if violation["impact"] not in FAILING_IMPACTS:
                    continue
                for node in violation["nodes"]:
                    target = " ".join(str(part) for part in node["target"])
                    failures.append(
                        f"{path} as {role}: {violation['id']} ({violation['impact']}) at {target}"
                        f" - {violation['help']}"
                    )
        context.close()
    seconds = time.monotonic() - started
    print(f"axe: {checked} pages (URL x role) checked, {downloads} downloads skipped, in {seconds:.0f} s")
    assert not failures, f"{len(failures)} serious or critical findings:\n" + "\n".join(failures)
    assert checked > 250, f"only {checked} pages were checked: is the matrix world still built?"


def test_the_sweep_sees_a_violation_when_there_is_one(browser_page):  # noqa: F811
    """axe is loaded and judging: an image with no text alternative is a critical finding."""
    context = browser_page.context
    context.add_init_script(_axe_source())
    page = context.new_page()
    page.goto("/login/")
    page.evaluate(
        "() => document.querySelector('main').insertAdjacentHTML('beforeend', '<img src=\\'x.png\\'>')"
    )
    results = page.evaluate("(options) => axe.run(document, options)", AXE_OPTIONS)
    found = {(violation["id"], violation["impact"]) for violation in results["violations"]}
    assert ("image-alt", "critical") in found
