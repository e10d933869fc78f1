"""The demo's commands make, replace or time an invented force: never on a real one."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class DemoOnlyCommand(BaseCommand):
    """A command that refuses to run when SAFEGUARDING_ENV=production (demo-data --replace
    empties every case table; bench writes invented children; demo-code prints the demo key)."""

    def execute(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError(
                f"`{self.__module__.rsplit('.', 1)[-1].replace('_', '-')}` is for the demo force and "
                "refuses to run in production (SAFEGUARDING_ENV=production)."
            )
        return super().execute(*args, **options)
