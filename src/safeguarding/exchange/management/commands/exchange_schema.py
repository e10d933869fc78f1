"""safeguarding exchange-schema [DIR] [--json]

Writes the exchange format as a Frictionless Table Schema: datapackage.json and one
<entity>.schema.json per file (exchange/tableschema.py), into DIR (default: the current one).
With --json, prints the names written as one JSON object."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand

from safeguarding.exchange.tableschema import write


class Command(BaseCommand):
    help = "Write the exchange format as a Frictionless Table Schema and Data Package."

    def add_arguments(self, parser):
        parser.add_argument("directory", nargs="?", default=".")
        parser.add_argument("--json", action="store_true", help="Print one JSON object on stdout.")

    def handle(self, *args, **options):
        directory = Path(options["directory"])
        written = write(directory)
        if options["json"]:
            self.stdout.write(json.dumps({"directory": str(directory), "files": written}))
        else:
            self.stdout.write(f"Wrote {len(written)} files to {directory} (datapackage.json names them).")
