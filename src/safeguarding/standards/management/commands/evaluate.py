"""safeguarding evaluate [--district CODE] [--json]: evaluate every practice standard over the
force (or one district), replacing the stored results, and print a summary."""

import json

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from safeguarding.force.models import District
from safeguarding.standards.services import evaluation_steps, standards_evaluate_force


class Command(BaseCommand):
    help = "Evaluate every practice standard over the force (or one district) and store the results."

    def add_arguments(self, parser):
        parser.add_argument("--district", action="append", help="District code (repeatable); default all.")
        parser.add_argument("--json", action="store_true", help="Print one JSON object.")
        parser.add_argument("--no-progress", action="store_true", help="No progress bar on stderr.")

    def handle(self, *args, **options):
        district_ids = None
        if options["district"]:
            codes = set(options["district"])
            districts = District.objects.filter(code__in=codes)
            unknown = codes - set(districts.values_list("code", flat=True))
            if unknown:
                raise CommandError(f"Unknown district: {', '.join(sorted(unknown))}")
            district_ids = list(districts.values_list("id", flat=True))
        bar = None
        if not options["no_progress"]:
            total = evaluation_steps(district_ids=district_ids)
            bar = tqdm(total=total, unit="standard", file=self.stderr._out)

        def progress(label: str, standard_id: str) -> None:
            bar.set_postfix_str(f"{label} {standard_id}", refresh=False)
            bar.update(1)

        try:
            summary = standards_evaluate_force(district_ids=district_ids, progress=progress if bar else None)
        finally:
            if bar:
                bar.close()
        if options["json"]:
            self.stdout.write(json.dumps(summary))
            return
        self.stdout.write(
            f"Evaluated {summary['standards']} standards over {summary['cases']} cases in "
            f"{len(summary['districts'])} districts in {summary['seconds']} s: {summary['results']} results"
        )
        for state, count in summary["by_state"].items():
            self.stdout.write(f"  {state:<15} {count}")
