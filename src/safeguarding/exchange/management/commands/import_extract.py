"""safeguarding import DIR_OR_FILE --as USER [--skip-invalid [--rejects FILE]] [--source-system NICHE]
[--date-layout dmy|iso|auto] [--json] [--dry-run] [--no-progress]
safeguarding import FOREIGN_FILE... --map MAP [--set NAME=VALUE]... --as USER [...the same switches]

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
from safeguarding.exchange.adapters import mapfile
from safeguarding.exchange.adapters.mapfile import MapError
from safeguarding.exchange.adapters.mapped import ForeignFile
from safeguarding.exchange.encodings import Undecodable, decode
from safeguarding.exchange.loader import ImportResult, Source, sources_from_path
from safeguarding.exchange.services import extract_import, extract_import_mapped
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
        parser.add_argument(
            "paths",
            nargs="+",
            metavar="path",
            help="Directory, .zip, or a single <entity>.csv / <entity>.jsonl; with --map, the foreign"
            " files (or a directory of them)",
        )
        parser.add_argument(
            "--source-system",
            help="The system the extract came from, e.g. NICHE (default EXTRACT, or the map's system).",
        )
        parser.add_argument(
            "--map",
            dest="map_file",
            help="Read foreign files through this map file (or a shipped map: ssda903, cin_census).",
        )
        parser.add_argument(
            "--set",
            dest="constants",
            action="append",
            default=[],
            metavar="NAME=VALUE",
            help="With --map: a value for one of the map's [constants], e.g. district=north.",
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
        paths = [Path(p) for p in options["paths"]]
        if options["rejects"] and not options["skip_invalid"]:
            raise usage_error("--rejects goes with --skip-invalid.")
        if options["constants"] and not options["map_file"]:
            raise usage_error("--set goes with --map.")
        if len(paths) > 1 and not options["map_file"]:
            raise usage_error("One directory, .zip or file (several files go with --map).")
        actor = command_actor(options["username"])
        for path in paths:
            if not path.exists():
                raise CommandError(f"{path} does not exist.")
        if options["map_file"]:
            result, sources = self._mapped(paths, actor, options)
        else:
            sources = sources_from_path(paths[0])
            with rolled_back_if(options["dry_run"]):
                result = extract_import(
                    actor=actor,
                    sources=sources,
                    source_system=options["source_system"] or "EXTRACT",
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

    def _mapped(self, paths: list[Path], actor: User, options) -> tuple[ImportResult, list[Source]]:
        constants = {}
        for pair in options["constants"]:
            name, equals, value = pair.partition("=")
            if not equals or not name:
                raise usage_error(f"--set {pair}: write NAME=VALUE")
            constants[name.strip()] = value.strip()
        try:
            column_map = mapfile.load(options["map_file"], constants=constants)
        except MapError as problem:
            raise CommandError(str(problem), returncode=EXIT_REFUSED) from None
        files = []
        for path in paths:
            if path.is_dir():
                files += [
                    ForeignFile(p.name, p.read_bytes())
                    for p in sorted(path.iterdir())
                    if p.is_file() and column_map.specs_for(p.name)
                ]
            else:
                files.append(ForeignFile(path.name, path.read_bytes()))
        try:
            with rolled_back_if(options["dry_run"]):
                result = extract_import_mapped(
                    actor=actor,
                    column_map=column_map,
                    files=files,
                    source_system=options["source_system"],
                    skip_invalid=options["skip_invalid"],
                    progress=self.progress_wanted(options),
                    date_layout=options["date_layout"],
                )
        except MapError as problem:
            raise CommandError(str(problem), returncode=EXIT_REFUSED) from None
        # The rejects file shows a CSV row as it was sent; an XML record by its first line.
        sources = []
        for foreign in files:
            try:
                sources.append(Source(foreign.name, decode(foreign.data).text))
            except Undecodable:
                sources.append(Source(foreign.name, ""))  # refused already; no row to show
        return result, sources
