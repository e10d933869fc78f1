"""safeguarding export DIR --as USER [--source-system SAFEGUARDING] [--format csv|jsonl] [--json]
[--dry-run] [--no-progress]"""

import json
import tempfile
from pathlib import Path

from safeguarding.commandline import LongCommand, rolled_back_if
from safeguarding.exchange.management.commands.import_extract import command_actor
from safeguarding.exchange.services import extract_export


class Command(LongCommand):
    help = "Write every record out in the exchange format (the files `safeguarding import` reads)."

    def add_arguments(self, parser):
        parser.add_argument("directory")
        parser.add_argument("--source-system", default="SAFEGUARDING")
        parser.add_argument("--format", choices=["csv", "jsonl"], default="csv")
        parser.add_argument("--recipient", default="", help="Who the export is for (kept in the access log).")
        parser.add_argument(
            "--as", dest="username", help="Required: the user the export is recorded against (may import)."
        )
        super().add_arguments(parser)

    def handle(self, *args, **options):
        actor = command_actor(options["username"], what="export data")
        dry_run = options["dry_run"]
        with tempfile.TemporaryDirectory() as scratch, rolled_back_if(dry_run):
            # A dry run writes into a directory that is then deleted, and logs nothing.
            written = extract_export(
                actor=actor,
                directory=Path(scratch) if dry_run else Path(options["directory"]),
                source_system=options["source_system"],
                file_format=options["format"],
                recipient=options["recipient"],
            )
        if options["json"]:
            self.stdout.write(json.dumps({"dry_run": dry_run, "rows": written}))
            return
        for entity, count in written.items():
            self.stdout.write(f"{entity}: {count}")
        if dry_run:
            self.stdout.write("(dry run: nothing was written)")
