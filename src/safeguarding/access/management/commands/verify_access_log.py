from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from safeguarding.access.verify import head_file, verify


class Command(BaseCommand):
    help = (
        "Recompute the access log's hash chain and check it against the recorded heads and the"
        " database's guards; name the first broken link and exit non-zero if anything is wrong."
    )

    def add_arguments(self, parser):
        parser.add_argument("--head-file", type=Path, default=None, help="Instead of ACCESS_LOG_HEAD_FILE.")

    def handle(self, *args, **options):
        result = verify(head_path=options["head_file"] or head_file())
        head = f"head seq {result.head.seq}" if result.head else "no sealed event"
        self.stdout.write(
            f"access log: {result.sealed} sealed event(s), {head}; {result.pending} not yet sealed;"
            f" {result.heads_checked} recorded head(s) checked"
        )
        for warning in result.warnings:
            self.stderr.write(f"warning: {warning}")
        if result.ok:
            self.stdout.write("the chain holds")
            return
        if result.first_broken:
            self.stderr.write(f"first broken link: {result.first_broken}")
        for problem in result.problems:
            self.stderr.write(f"problem: {problem}")
        raise CommandError(f"the access log does not verify ({len(result.problems)} problem(s))")
