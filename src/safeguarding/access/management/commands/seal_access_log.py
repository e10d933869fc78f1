from pathlib import Path

from django.core.management.base import BaseCommand

from safeguarding.access import chain
from safeguarding.access.verify import export_head, head_file


class Command(BaseCommand):
    help = (
        "Link every unsealed access event into the chain and append the chain's head to the head file"
        " (ACCESS_LOG_HEAD_FILE) and the log. Run it periodically (e.g. every minute) as the application."
    )

    def add_arguments(self, parser):
        parser.add_argument("--head-file", type=Path, default=None, help="Instead of ACCESS_LOG_HEAD_FILE.")
        parser.add_argument("--no-export", action="store_true", help="Seal only; write no head.")

    def handle(self, *args, **options):
        sealed = chain.seal_all()
        head = chain.current_head()
        self.stdout.write(f"sealed {sealed} event(s); head: {f'seq {head.seq}' if head else 'empty log'}")
        if head is not None and not options["no_export"]:
            path = options["head_file"] or head_file()
            line = export_head(head, path)
            self.stdout.write(f"head {line} written to {path or 'the log only (no head file set)'}")
