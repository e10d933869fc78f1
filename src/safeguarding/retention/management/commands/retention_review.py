"""safeguarding retention-review --as USER [--json] [--dry-run] [--no-progress] [--erase-log]:
compute every person's MoPI group and review date and print how many reviews are due (the
worklist's size, by group). With --erase-log, erase the access-log fields of disposed people that
wait for the table's owner (ADR 0004, item 5): run it with the owner's DATABASE_URL.
Exit codes as every long command: 0 done, 1 refused, 2 usage."""

import json

from django.core.management.base import CommandError
from django.db.models import Count
from django.utils import timezone

from safeguarding.access.roles import Permission
from safeguarding.commandline import EXIT_REFUSED, LongCommand, acting_user, rolled_back_if
from safeguarding.retention.models import RetentionReview
from safeguarding.retention.services import disposals_erase_pending_logs, reviews_compute


class Command(LongCommand):
    help = "Compute MoPI review dates and count the reviews due; --erase-log finishes disposals' log erasure."

    def add_arguments(self, parser):
        parser.add_argument("--as", dest="as_user", help="The user this run is recorded against (required).")
        parser.add_argument(
            "--erase-log",
            action="store_true",
            help="Erase the access-log events of disposed people still waiting (run as the table's owner).",
        )
        super().add_arguments(parser)

    def handle(self, *args, **options):
        actor = acting_user(
            options["as_user"], permission=Permission.REVIEW_RETENTION, what="review retention"
        )
        now = timezone.now()
        erased = waiting = 0
        with rolled_back_if(options["dry_run"]):
            people = reviews_compute(now=now)
            if options["erase_log"]:
                erased, waiting = disposals_erase_pending_logs(actor=actor)
        due = RetentionReview.objects.filter(review_due__lte=timezone.localdate(now))
        by_group = {
            str(row["group"]): row["n"]
            for row in due.values("group").annotate(n=Count("id")).order_by("group")
        }
        summary = {
            "people": people,
            "due": sum(by_group.values()),
            "due_by_group": by_group,
            "log_erasures_done": erased,
            "log_erasures_waiting": waiting,
            "dry_run": options["dry_run"],
        }
        if options["json"]:
            self.stdout.write(json.dumps(summary))
        else:
            self.stdout.write(f"Reviewed {people} people: {summary['due']} reviews due")
            for group, count in by_group.items():
                self.stdout.write(f"  group {group}: {count}")
            if options["erase_log"]:
                self.stdout.write(f"Access-log erasures done: {erased}; still waiting: {waiting}")
        if waiting:
            raise CommandError(
                "This database role may not lift the access log's guard: run --erase-log as its owner.",
                returncode=EXIT_REFUSED,
            )
