"""Issue 22: a queued import's page follows the job in a real browser, under the strict CSP
(htmx polls the status panel; no inline script), from waiting to loaded."""

import zipfile

import pytest

from safeguarding.people.models import Person
from safeguarding.runtime.models import BackgroundJob
from tests.browser import browser_page, login  # noqa: F401  (fixture import)
from tests.exchange import extract
from tests.queue import run_worker


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_import_page_shows_the_job_waiting_then_loaded_without_a_reload(
    browser_page,  # noqa: F811
    cast,
    tmp_path,
):
    upload = tmp_path / "extract.zip"
    with zipfile.ZipFile(upload, "w") as archive:
        for name, text in extract.FILES.items():
            archive.writestr(name, text)
    page = browser_page
    console_errors = []
    page.on("console", lambda message: message.type == "error" and console_errors.append(message.text))
    login(page, "data_manager", step_up=False)
    page.goto("/exchange/")
    page.set_input_files("#id_extract", str(upload))
    page.click("button:has-text('Check and import')")
    page.wait_for_url("**/exchange/jobs/*/")
    assert "Waiting for the worker" in page.inner_text("main")
    loaded_at = page.evaluate("performance.timeOrigin")

    run_worker()  # the worker takes the job while the page is open

    page.locator("h2#job-status:has-text('Loaded')").wait_for(timeout=15_000)
    assert page.evaluate("performance.timeOrigin") == loaded_at  # the panel changed, not the page
    assert Person.objects.count() == 3 and BackgroundJob.objects.get().status == "done"
    assert not [text for text in console_errors if "Content Security Policy" in text]
