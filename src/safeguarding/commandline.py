"""What every long command shares (ADR 0015): the exit codes, --json / --dry-run / --no-progress,
progress only on a terminal, and the user a write is recorded against (--as, never implied)."""

import sys
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from safeguarding.access.models import User
from safeguarding.access.roles import Permission

# Documented in docs/exchange-format.md ("Command line").
EXIT_OK = 0
EXIT_REFUSED = 1  # the input was refused: nothing was saved
EXIT_USAGE = 2  # the command was called wrongly (argparse exits 2 too)
EXIT_PARTIAL = 3  # --skip-invalid: the good rows were saved, the bad ones rejected


def usage_error(message: str) -> CommandError:
    return CommandError(message, returncode=EXIT_USAGE)


class DryRunRollback(Exception):
    """Raised inside the dry run's transaction so that nothing it did is kept."""


@contextmanager
def rolled_back_if(dry_run: bool) -> Iterator[None]:
    """Run the body in a transaction that is undone when dry_run (the access log too: a dry
    run saves nothing at all)."""
    if not dry_run:
        yield
        return
    try:
        with transaction.atomic():
            yield
            raise DryRunRollback
    except DryRunRollback:
        pass


class LongCommand(BaseCommand):
    """A command that reads or writes a lot: the same three switches on every one."""

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="Print one JSON object on stdout.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Do everything but save: all changes are rolled back."
        )
        parser.add_argument(
            "--no-progress",
            action="store_true",
            help="No progress bar (there is none anyway unless stdout and stderr are a terminal).",
        )

    def progress_wanted(self, options) -> bool:
        """A bar only for a person watching: never into a redirected log or a pipe, nor with --json."""
        if options.get("no_progress") or options.get("json"):
            return False
        return _is_terminal(self.stdout) and _is_terminal(self.stderr)


def _is_terminal(stream) -> bool:
    target = getattr(stream, "_out", stream)
    isatty = getattr(target, "isatty", None)
    return bool(isatty and isatty()) and target in (sys.stdout, sys.stderr)


def acting_user(username: str | None, *, permission: Permission | None = None, what: str = "write") -> User:
    """The saved, active user a command's write is recorded against: --as is required."""
    if not username:
        raise usage_error(f"--as USER is required: say whose name this {what} is recorded in.")
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None or (permission is not None and not user.can(permission)):
        raise CommandError(f"User {username!r} does not exist, is not active or may not {what}.")
    return user
