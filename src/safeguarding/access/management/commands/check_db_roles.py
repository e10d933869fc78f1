from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from safeguarding.access.dbroles import check


class Command(BaseCommand):
    help = (
        "PostgreSQL: prove the role the application connects as can write and read the access log"
        " but cannot update, delete, truncate or alter it (docs/operations-database-roles.md)."
    )

    def handle(self, *args, **options):
        if connection.vendor != "postgresql":
            self.stdout.write(
                f"{connection.vendor} has no roles: the guard triggers are the only guard"
                " (verify-access-log checks they are in place)."
            )
            return
        findings = check()
        for finding in findings:
            self.stdout.write(f"{'ok  ' if finding.ok else 'FAIL'} {finding.what}")
        failed = [finding for finding in findings if not finding.ok]
        if failed:
            raise CommandError(
                f"{len(failed)} check(s) failed: the application's database role can rewrite the access log"
            )
        self.stdout.write("the application's role cannot rewrite the access log")
