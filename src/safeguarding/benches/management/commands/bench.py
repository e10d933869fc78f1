import json

from django.core.management.base import CommandError

from safeguarding.benches.registry import registered_benchmarks
from safeguarding.demo.guards import DemoOnlyCommand


class Command(DemoOnlyCommand):
    help = "Run a benchmark and print one JSON object (figures for docs/benchmarks.md)."

    def add_arguments(self, parser):
        parser.add_argument("name", nargs="?", help="Which benchmark (see --list).")
        parser.add_argument("--list", action="store_true", help="List the benchmarks, one a line.")
        parser.add_argument("--children", type=int, default=None, help="Size of the demo force.")
        parser.add_argument("--rows", type=int, default=None, help="Rows, for the import benchmark.")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--small", action="store_true", help="The CI size: proves it runs, not how fast.")
        parser.add_argument("--json", action="store_true", help="Print JSON only (the default output).")

    def handle(self, *args, **options):
        benchmarks = registered_benchmarks()
        if options["list"]:
            for name in benchmarks:
                self.stdout.write(name)
            return
        name = options["name"]
        if name not in benchmarks:
            raise CommandError(
                f"Unknown benchmark {name!r}; choose one of: {', '.join(benchmarks) or 'none'}"
            )
        result = benchmarks[name](
            children=options["children"], rows=options["rows"], seed=options["seed"], small=options["small"]
        )
        self.stdout.write(json.dumps(result))
