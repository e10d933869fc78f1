import contextlib
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections
from django.utils import timezone

from safeguarding.runtime.jobs import JOBS, due_jobs, run_job
from safeguarding.runtime.tasks import scheduled_enqueue


class Command(BaseCommand):
    help = (
        "Run the periodic jobs (re-judging passed due dates, clearing sessions, expiring API tokens, "
        "refreshing the working-day calendar, the retention review): each at start-up and then at its "
        "interval; the re-judging jobs are put on the job queue for `db_worker`. Run exactly one "
        "scheduler per installation (docs/operations.md). --once runs one job here and now and "
        "exits, for cron or by hand."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", choices=sorted(JOBS), help="Run this one job now and exit.")
        parser.add_argument("--list", action="store_true", help="List the jobs and their intervals.")
        parser.add_argument("--tick", type=int, default=60, help="Seconds between looks at the clock.")

    def handle(self, *args, once, list, tick, **options):
        if list:
            for name, job in JOBS.items():
                self.stdout.write(f"{name}\tevery {job.every}{' (queued)' if job.queued else ''}")
            return
        if once:
            self.stdout.write(f"{once}: {run_job(once)}")
            return
        if tick < 1:
            raise CommandError("--tick must be at least 1 second.")
        last_runs = {}
        self.stdout.write(f"scheduler: {len(JOBS)} jobs; Ctrl-C stops")
        while True:
            now = timezone.now()
            for name in due_jobs(last_runs, now):
                close_old_connections()  # a connection the database dropped is replaced
                # run_job logs a failure; the other jobs still run, and this one again next interval.
                with contextlib.suppress(Exception):
                    if JOBS[name].queued:
                        scheduled_enqueue(name)
                    else:
                        run_job(name)
                last_runs[name] = now
            time.sleep(tick)
