"""safeguarding import-report FILE [--json] [--as USERNAME]"""

import getpass
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from safeguarding.access.models import User
from safeguarding.access.roles import Role
from safeguarding.inspections.report_parser import read_report_text
from safeguarding.inspections.selectors import report_structure
from safeguarding.inspections.services import NotAnInspectionReport, report_import


class Command(BaseCommand):
    help = "Read a published inspection report (.txt or .pdf) into structure; --json prints it."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The report: plain text (.txt) or the published PDF (.pdf).")
        parser.add_argument("--json", action="store_true", help="Print the stored structure as JSON.")
        parser.add_argument(
            "--as",
            dest="username",
            help="The user the import is recorded against (default: the command line, as an administrator).",
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        try:
            text = read_report_text(path)
        except (ValueError, UnicodeDecodeError) as error:
            raise CommandError(str(error)) from error
        try:
            result = report_import(
                actor=self._actor(options["username"]), text=text, source_file_name=path.name
            )
        except NotAnInspectionReport as error:
            raise CommandError(str(error)) from error
        report = result.report
        if result.created:
            message = (
                f"Imported {report} as report {report.pk}: {report.recommendations.count()} recommendations."
            )
        else:
            filled = f"; filled in {', '.join(result.filled_in)}" if result.filled_in else ""
            message = f"Already imported as report {report.pk}: nothing duplicated{filled}."
        if options["json"]:
            self.stderr.write(message)
            self.stdout.write(json.dumps(report_structure(report), indent=2, ensure_ascii=False))
        else:
            self.stdout.write(message)

    def _actor(self, username: str | None) -> User:
        if username:
            try:
                return User.objects.get(username=username, is_active=True)
            except User.DoesNotExist as error:
                raise CommandError(f"No active user {username!r}") from error
        # An unsaved stand-in: the access log records the command line, with no user id.
        try:
            account = getpass.getuser()
        except (KeyError, OSError):  # no login name in a bare container
            account = "unknown account"
        return User(username=f"command line ({account})", role=Role.ADMIN)
