"""safeguarding import DIR_OR_FILE --as USER [--skip-invalid [--rejects FILE]] [--source-system NICHE]
[--date-layout dmy|iso|auto] [--json] [--dry-run] [--no-progress]

Exit codes (docs/exchange-format.md): 0 loaded, 1 refused (nothing saved), 2 usage, 3 loaded with
rows rejected by --skip-invalid."""

import csv
import io
import json
from pathlib import Path

from django.core.management.base import CommandError

from safeguarding import csvsafe
from safeguarding.access.models import User
from safeguarding.access.roles import Permission
from safeguarding.commandline import (
    EXIT_PARTIAL,
    EXIT_REFUSED,
    LongCommand,
    acting_user,
    rolled_back_if,
    usage_error,
)
from safeguarding.exchange import dates
from safeguarding.exchange.loader import Source, sources_from_path
from safeguarding.exchange.services import extract_import
from safeguarding.exchange.validation import RowError

SHOWN_ERRORS = 1000


def command_actor(username: str | None, what: str = "import data") -> User:
    """The user a bulk import or export is recorded against: named with --as, never implied."""
    return acting_user(username, permission=Permission.IMPORT_DATA, what=what)


def rows_by_line(source: Source) -> dict[int, str]:
    """Each record of a file as it was sent, by the line (first or last) the loader names it by."""
    lines = source.text.splitlines()
    found: dict[int, str] = {}
    if source.name.lower().endswith(".jsonl"):
        return dict(enumerate(lines, start=1))
    reader = csv.reader(io.StringIO(source.text, newline=""))
    start = 1
    try:
        for _record in reader:
            # A quoted value may span lines: the record is its lines, as sent.
            text = "\n".join(lines[start - 1 : reader.line_num])
            for line in range(start, reader.line_num + 1):
                found.setdefault(line, text)
            start = reader.line_num + 1
    except csv.Error:
        pass  # the malformed rest has its own error; its row text is left out
    return found


def write_rejects(path: str, sources: list[Source], errors: list[RowError]) -> None:
    """The rejected rows as they were sent, each with its reasons: fix and send them again."""
    rows = {source.name: rows_by_line(source) for source in sources}
    # The rejects hold the values that failed: a file for a person, private and formula-safe.
    with csvsafe.open_private(path, "w", encoding="utf-8", newline="") as handle:
        writer = csvsafe.writer(handle)
        writer.writerow(["file", "line", "column", "reason", "row"])
        for error in errors:
            row = rows.get(error.file, {}).get(error.line, "") if error.line > 1 else ""
            writer.writerow([error.file, error.line, error.column, error.reason, row])


class Command(LongCommand):
    help = "Import an extract (a directory, a .zip, or one .csv/.jsonl file) in the exchange format."

    def add_arguments(self, parser):
        parser.add_argument("path", help="Directory, .zip, or a single <entity>.csv / <entity>.jsonl")
        parser.add_argument(
            "--source-system", default="EXTRACT", help="The system the extract came from, e.g. NICHE."
        )
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help="Load the good rows; write the bad ones to --rejects (exit code 3 if any).",
        )
        parser.add_argument(
            "--rejects", help="CSV for the rejected rows as sent, with reasons (with --skip-invalid)."
        )
        parser.add_argument(
            "--as", dest="username", help="Required: the user the import is recorded against (may import)."
        )
        parser.add_argument(
            "--date-layout",
            choices=dates.LAYOUTS,
            help="How the source writes dates that are not ISO: dmy (day/month/year), iso (ISO only),"
            " auto (day/month/year only where it cannot be month/day). Default: EXCHANGE_DATE_LAYOUTS.",
        )
        super().add_arguments(parser)

    def handle(self, *args, **options):
        path = Path(options["path"])
        if options["rejects"] and not options["skip_invalid"]:
            raise usage_error("--rejects goes with --skip-invalid.")
        actor = command_actor(options["username"])
        if not path.exists():
            raise CommandError(f"{path} does not exist.")
        sources = sources_from_path(path)
        with rolled_back_if(options["dry_run"]):
            result = extract_import(
                actor=actor,
                sources=sources,
                source_system=options["source_system"],
                skip_invalid=options["skip_invalid"],
                progress=self.progress_wanted(options),
                date_layout=options["date_layout"],
            )
        if options["rejects"]:
            write_rejects(options["rejects"], sources, result.errors)
        for error in result.errors[:SHOWN_ERRORS]:
            self.stderr.write(str(error))
        if len(result.errors) > SHOWN_ERRORS:
            kept = "" if options["dry_run"] else f" (all are kept on batch {result.batch.pk})"
            self.stderr.write(f"... and {len(result.errors) - SHOWN_ERRORS} more{kept}")
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    {
                        "loaded": result.loaded and not options["dry_run"],
                        "dry_run": options["dry_run"],
                        "batch": None if options["dry_run"] or result.batch is None else result.batch.pk,
                        "totals": result.totals(),
                        "counts": result.counts,
                        "errors": [error.as_dict() for error in result.errors],
                    }
                )
            )
        else:
            dry = " (dry run: nothing was saved)" if options["dry_run"] else ""
            self.stdout.write(result.summary() + dry)
            for entity, counts in result.counts.items():
                shown = ", ".join(f"{k} {v}" for k, v in counts.items() if v)
                if shown:
                    self.stdout.write(f"  {entity}: {shown}")
        if not result.loaded:
            raise CommandError(
                f"{len(result.errors)} problem(s): nothing was loaded.", returncode=EXIT_REFUSED
            )
        if result.errors:
            raise CommandError(
                f"{len(result.errors)} problem(s): those rows were rejected, the rest loaded.",
                returncode=EXIT_PARTIAL,
            )
