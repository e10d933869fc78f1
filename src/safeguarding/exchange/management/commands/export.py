"""safeguarding export DIR [--source-system SAFEGUARDING] [--format csv|jsonl]"""

from pathlib import Path

from django.core.management.base import BaseCommand

from safeguarding.exchange.management.commands.import_extract import command_actor
from safeguarding.exchange.services import extract_export


class Command(BaseCommand):
    help = "Write every record out in the exchange format (the files `safeguarding import` reads)."

    def add_arguments(self, parser):
        parser.add_argument("directory")
        parser.add_argument("--source-system", default="SAFEGUARDING")
        parser.add_argument("--format", choices=["csv", "jsonl"], default="csv")
        parser.add_argument("--recipient", default="", help="Who the export is for (kept in the access log).")
        parser.add_argument("--as", dest="username")

    def handle(self, *args, **options):
        written = extract_export(
            actor=command_actor(options["username"]),
            directory=Path(options["directory"]),
            source_system=options["source_system"],
            file_format=options["format"],
            recipient=options["recipient"],
        )
        for entity, count in written.items():
            self.stdout.write(f"{entity}: {count}")
