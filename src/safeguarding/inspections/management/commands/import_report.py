"""safeguarding import-report FILE --as USERNAME [--split] [--json] [--dry-run]"""

import json
from pathlib import Path

from django.core.management.base import CommandError
from django.db import transaction

from safeguarding.commandline import LongCommand, acting_user, rolled_back_if
from safeguarding.inspections.report_parser import read_report_text
from safeguarding.inspections.selectors import report_structure
from safeguarding.inspections.services import NotAnInspectionReport, SeveralReports, report_import


class Command(LongCommand):
    help = "Read a published inspection report (.txt or .pdf) into structure; --json prints it."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The report: plain text (.txt) or the published PDF (.pdf).")
        parser.add_argument(
            "--split",
            action="store_true",
            help="A file holding several reports: import each one separately (never merged).",
        )
        parser.add_argument(
            "--as",
            dest="username",
            help="Required: the user the import is recorded against.",
        )
        super().add_arguments(parser)

    def handle(self, *args, **options):
        path = Path(options["file"])
        actor = acting_user(options["username"], what="import a report")
        with rolled_back_if(options["dry_run"]):
            self._import(path, actor, options)

    def _import(self, path: Path, actor, options) -> None:
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        try:
            text = read_report_text(path)
        except (ValueError, UnicodeDecodeError) as error:
            raise CommandError(str(error)) from error
        try:
            results = [report_import(actor=actor, text=text, source_file_name=path.name)]
        except SeveralReports as error:
            if not (options["split"] and error.parts):
                raise CommandError(str(error)) from error
            try:
                with transaction.atomic():  # all the file's reports, or none of them
                    results = [
                        report_import(
                            actor=actor, text=part, source_file_name=f"{path.name} (report {number})"
                        )
                        for number, part in enumerate(error.parts, start=1)
                    ]
            except NotAnInspectionReport as part_error:
                raise CommandError(str(part_error)) from part_error
        except NotAnInspectionReport as error:
            raise CommandError(str(error)) from error
        structures = []
        for result in results:
            report = result.report
            if result.created:
                message = (
                    f"Imported {report} as report {report.pk}: "
                    f"{report.recommendations.count()} recommendations, {len(report.warnings)} warnings."
                )
            else:
                filled = f"; filled in {', '.join(result.filled_in)}" if result.filled_in else ""
                message = f"Already imported as report {report.pk}: nothing duplicated{filled}."
            for update in result.review_updates:
                message += f"\n  Review finding on the inspection it follows up: {update}"
            for warning in report.warnings:
                message += f"\n  Warning: {warning['message']}: {warning['source'][:200]}"
            structures.append(report_structure(report))
            if options["json"]:
                self.stderr.write(message)
            else:
                self.stdout.write(message)
        if options["json"]:
            output = structures[0] if len(structures) == 1 else structures
            self.stdout.write(json.dumps(output, indent=2, ensure_ascii=False))
        if options["dry_run"]:
            self.stderr.write("(dry run: nothing was saved)")
