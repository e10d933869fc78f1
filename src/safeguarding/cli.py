"""The `safeguarding` console command: Django's management commands with the project's names.

safeguarding demo-data --children 5000 --seed 1
safeguarding serve
safeguarding migrate

A command is typed, listed and shown in its usage line hyphenated (`import-report`), whatever
its module is called (`import_report.py`); exit codes are in docs/exchange-format.md.
"""

import os
import sys

# Names a user types that are not valid Python module names, or read better hyphenated.
COMMAND_ALIASES = {"import": "import_extract"}
PUBLIC_NAMES = {module: name for name, module in COMMAND_ALIASES.items()}


def module_name(typed: str) -> str:
    return COMMAND_ALIASES.get(typed, typed.replace("-", "_"))


def public_name(module: str) -> str:
    return PUBLIC_NAMES.get(module, module.replace("_", "-"))


def _hyphenate_usage_lines() -> None:
    """Usage lines and `--help` name the command as typed (`safeguarding import-report`)."""
    from django.core.management.base import BaseCommand

    if getattr(BaseCommand.create_parser, "hyphenated", False):
        return
    original = BaseCommand.create_parser

    def create_parser(self, prog_name, subcommand, **kwargs):
        return original(self, prog_name, public_name(subcommand), **kwargs)

    create_parser.hyphenated = True  # type: ignore[attr-defined]
    BaseCommand.create_parser = create_parser  # type: ignore[method-assign]


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safeguarding.settings")
    from django.conf import settings
    from django.core.management import execute_from_command_line

    if not settings.PRODUCTION and settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        # The embedded demo's database folder, made here rather than when settings are read.
        settings.DATA_DIR.mkdir(parents=True, exist_ok=True)

    args = list(sys.argv[1:] if argv is None else argv)
    if args and not args[0].startswith("-"):
        args[0] = module_name(args[0])
        if args[0] == "help" and len(args) > 1 and not args[1].startswith("-"):
            args[1] = module_name(args[1])
    _hyphenate_usage_lines()
    execute_from_command_line(["safeguarding", *args])


if __name__ == "__main__":
    main()
