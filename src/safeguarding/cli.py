"""The `safeguarding` console command: Django's management commands with the project's names.

safeguarding demo-data --children 5000 --seed 1
safeguarding serve
safeguarding migrate
"""

import os
import sys

# Names a user types that are not valid Python module names, or read better hyphenated.
COMMAND_ALIASES = {"import": "import_extract"}


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safeguarding.settings")
    from django.conf import settings
    from django.core.management import execute_from_command_line

    if not settings.PRODUCTION and settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        # The embedded demo's database folder, made here rather than when settings are read.
        settings.DATA_DIR.mkdir(parents=True, exist_ok=True)

    args = list(sys.argv[1:] if argv is None else argv)
    if args and not args[0].startswith("-"):
        args[0] = COMMAND_ALIASES.get(args[0], args[0].replace("-", "_"))
    execute_from_command_line(["safeguarding", *args])


if __name__ == "__main__":
    main()
