import datetime as dt
import json

from django.core.management.base import CommandError

from safeguarding.commandline import LongCommand
from safeguarding.demo.generator import (
    DemoForceExists,
    generate_demo_force,
    logins_table,
    second_factor_help,
)
from safeguarding.demo.guards import DemoOnlyCommand


class Command(DemoOnlyCommand, LongCommand):
    help = (
        "Generate the invented demo force (Northmoor Police): districts, staff logins, children, "
        "adults, households and cases with practice gaps. Deterministic for --children, --seed and --as-of."
    )

    def add_arguments(self, parser):
        parser.add_argument("--children", type=int, default=3000, help="How many children (default 3000).")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--as-of",
            type=dt.date.fromisoformat,
            default=None,
            help="Reference date the generated history leads up to (default 2026-10-31).",
        )
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing (but print the logins) if people exist."
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Wipe the case data and demo staff first (the access log is kept).",
        )
        parser.add_argument("--quiet", dest="no_progress", action="store_true", help="As --no-progress.")
        super().add_arguments(parser)

    def handle(self, *args, children, seed, as_of, if_empty, replace, **options):
        if children < 1:
            raise CommandError("--children must be at least 1.", returncode=2)
        if options["dry_run"]:
            # Generating is the whole work; a dry run says what would be made, and makes nothing.
            from safeguarding.people.models import Person

            plan = {
                "dry_run": True,
                "children": children,
                "seed": seed,
                "as_of": str(as_of) if as_of else None,
                "people_exist": Person.objects.exists(),
                "replace": replace,
                "if_empty": if_empty,
            }
            self.stdout.write(json.dumps(plan) if options["json"] else f"Dry run, nothing generated: {plan}")
            return
        try:
            result = generate_demo_force(
                children=children,
                seed=seed,
                as_of=as_of,
                replace=replace,
                if_empty=if_empty,
                progress=self.progress_wanted(options),
            )
        except DemoForceExists as refusal:
            raise CommandError(str(refusal)) from refusal
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    {
                        "dry_run": False,
                        "skipped": result.skipped,
                        "children": result.children,
                        "seed": result.seed,
                        "as_of": str(result.as_of),
                        "rows": result.rows,
                        "counts": result.counts,
                    }
                )
            )
            return
        if result.skipped:
            self.stdout.write("The database already holds people: demo data left as it is.")
        else:
            self.stdout.write(
                f"Demo force generated: {result.children:,} children, seed {result.seed}, as of "
                f"{result.as_of}, {result.rows:,} rows in {result.seconds:.1f} s."
            )
            if options["verbosity"] > 1:
                for table, count in sorted(result.counts.items()):
                    self.stdout.write(f"  {table:40} {count:>12,}")
        self.stdout.write("\nDemo logins (invented people only):\n" + logins_table(result.logins))
        self.stdout.write("\n" + second_factor_help())
