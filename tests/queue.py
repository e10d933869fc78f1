"""Running the job queue's real worker in a test (ADR 14)."""

from unittest import mock

from django_tasks_db.management.commands.db_worker import Worker


def run_worker() -> None:
    """django-tasks-db's own worker loop, in this process, until the queue is empty. The
    connection recycling it does between tasks is switched off: the test's transaction (which
    rolls everything back afterwards) must survive it."""
    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        worker.run()


def queued_export(client, path: str, query: dict | None = None):
    """An export made on the queue (ADR 14), as its user meets it: POST the export's form (the
    filters in the query string, as the page's link carries them), let the worker make the
    file, then download it from the job. Returns the download's response."""
    from urllib.parse import urlencode

    from django.urls import resolve, reverse

    asked = client.post(f"{path}?{urlencode(query)}" if query else path)
    assert asked.status_code == 302, f"the export was not queued: {asked.status_code}"
    job_id = resolve(asked["Location"]).kwargs["pk"]
    run_worker()
    return client.get(reverse("export_job_file", args=[job_id]))


def browser_export(page, link: str):
    """In a browser test: follow the export's link, ask for the file, let the worker make it,
    and download it from the job's page. Returns Playwright's download."""
    page.click(link)
    page.wait_for_load_state("networkidle")
    page.click("#prepare-export")
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text().startswith("Export ")
    run_worker()
    page.reload()  # the page polls by itself; reloading saves waiting for its next look
    with page.expect_download() as download_info:
        page.click("#download-export")
    return download_info.value
