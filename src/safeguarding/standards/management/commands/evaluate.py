"""safeguarding evaluate [--district CODE] [--json] [--dry-run] [--no-progress] [--queue]: evaluate
every practice standard over the force (or one district), replacing the stored results, and print
a summary; --queue puts the evaluation on the job queue for the worker instead (ADR 14)."""

import json

from django.core.management.base import CommandError
from tqdm import tqdm

from safeguarding.commandline import LongCommand, rolled_back_if
from safeguarding.force.models import District
from safeguarding.standards.services import evaluation_steps, standards_evaluate_force


class Command(LongCommand):
    help = "Evaluate every practice standard over the force (or one district) and store the results."

    def add_arguments(self, parser):
        parser.add_argument("--district", action="append", help="District code (repeatable); default all.")
        parser.add_argument(
            "--queue",
            action="store_true",
            help="Queue it for the worker (`db_worker`) and print the job's id.",
        )
        super().add_arguments(parser)

    def handle(self, *args, **options):
        district_ids = None
        if options["district"]:
            codes = set(options["district"])
            districts = District.objects.filter(code__in=codes)
            unknown = codes - set(districts.values_list("code", flat=True))
            if unknown:
                raise CommandError(f"Unknown district: {', '.join(sorted(unknown))}")
            district_ids = list(districts.values_list("id", flat=True))
        if options["queue"]:
            if options["dry_run"]:
                raise CommandError("--queue and --dry-run do not go together.")
            from safeguarding.runtime.tasks import evaluation_enqueue

            job = evaluation_enqueue(actor=None, district_ids=district_ids)
            self.stdout.write(json.dumps({"job": job.pk}) if options["json"] else f"Queued as job {job.pk}.")
            return
        bar = None
        if self.progress_wanted(options):
            total = evaluation_steps(district_ids=district_ids)
            bar = tqdm(total=total, unit="standard", file=self.stderr._out)

        def progress(label: str, standard_id: str) -> None:
            bar.set_postfix_str(f"{label} {standard_id}", refresh=False)
            bar.update(1)

        try:
            with rolled_back_if(options["dry_run"]):
                summary = standards_evaluate_force(
                    district_ids=district_ids, progress=progress if bar else None
                )
        finally:
            if bar:
                bar.close()
        if options["json"]:
            self.stdout.write(json.dumps({**summary, "dry_run": options["dry_run"]}))
            return
        self.stdout.write(
            f"Evaluated {summary['standards']} standards over {summary['cases']} cases in "
            f"{len(summary['districts'])} districts in {summary['seconds']} s: {summary['results']} results"
        )
        for state, count in summary["by_state"].items():
            self.stdout.write(f"  {state:<15} {count}")
        if options["dry_run"]:
            self.stdout.write("(dry run: the stored results were left as they were)")
