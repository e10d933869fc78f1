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
