"""safeguarding import DIR_OR_FILE [--skip-invalid --rejects FILE] [--source-system NICHE]"""

import getpass
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from safeguarding import csvsafe
from safeguarding.access.models import User
from safeguarding.access.roles import Permission, Role
from safeguarding.exchange import dates
from safeguarding.exchange.loader import sources_from_path
from safeguarding.exchange.services import extract_import


def command_actor(username: str | None) -> User:
    if username:
        user = User.objects.filter(username=username).first()
        if user is None or not user.can(Permission.IMPORT_DATA):
            raise CommandError(f"User {username!r} does not exist or may not import data.")
        return user
    # An unsaved stand-in: the access log records who ran the command on this machine. It acts as
    # the data manager (the role that holds bulk import), never as the administrator.
    return User(username=f"cli:{getpass.getuser()}"[:150], role=Role.DATA_MANAGER)


class Command(BaseCommand):
    help = "Import an extract (a directory, a .zip, or one .csv/.jsonl file) in the exchange format."

    def add_arguments(self, parser):
        parser.add_argument("path", help="Directory, .zip, or a single <entity>.csv / <entity>.jsonl")
        parser.add_argument(
            "--source-system", default="EXTRACT", help="The system the extract came from, e.g. NICHE."
        )
        parser.add_argument(
            "--skip-invalid", action="store_true", help="Load the good rows; write the bad ones to --rejects."
        )
        parser.add_argument(
            "--rejects", help="File for rejected rows with reasons (CSV), with --skip-invalid."
        )
        parser.add_argument(
            "--as", dest="username", help="Record the import as this user (needs import permission)."
        )
        parser.add_argument(
            "--date-layout",
            choices=dates.LAYOUTS,
            help="How the source writes dates that are not ISO: dmy (day/month/year), iso (ISO only),"
            " auto (day/month/year only where it cannot be month/day). Default: EXCHANGE_DATE_LAYOUTS.",
        )
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, **options):
        path = Path(options["path"])
        if not path.exists():
            raise CommandError(f"{path} does not exist.")
        if options["rejects"] and not options["skip_invalid"]:
            raise CommandError("--rejects goes with --skip-invalid.")
        result = extract_import(
            actor=command_actor(options["username"]),
            sources=sources_from_path(path),
            source_system=options["source_system"],
            skip_invalid=options["skip_invalid"],
            progress=not options["no_progress"],
            date_layout=options["date_layout"],
        )
        for error in result.errors[:1000]:
            self.stderr.write(str(error))
        if len(result.errors) > 1000:
            self.stderr.write(
                f"... and {len(result.errors) - 1000} more (all are kept on batch {result.batch.pk})"
            )
        if options["rejects"]:
            # The rejects hold the values that failed: a file for a person, private and formula-safe.
            with csvsafe.open_private(options["rejects"], "w", encoding="utf-8", newline="") as handle:
                writer = csvsafe.writer(handle)
                writer.writerow(["file", "line", "column", "reason"])
                for error in result.errors:
                    writer.writerow([error.file, error.line, error.column, error.reason])
        self.stdout.write(result.summary())
        for entity, counts in result.counts.items():
            shown = ", ".join(f"{k} {v}" for k, v in counts.items() if v)
            if shown:
                self.stdout.write(f"  {entity}: {shown}")
        if not result.loaded:
            raise CommandError(f"{len(result.errors)} problem(s): nothing was loaded.")
