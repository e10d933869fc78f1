from django.conf import settings
from django.core.management.base import CommandError

from safeguarding.access.mfa import current_code
from safeguarding.demo.guards import DemoOnlyCommand


class Command(DemoOnlyCommand):
    help = "Print the demo force's current second-factor code (demo only; refused without DEMO_MFA_SECRET)."

    def handle(self, *args, **options):
        if settings.PRODUCTION or not settings.DEMO_MFA_SECRET:
            raise CommandError(
                "There is no demo second factor here (DEMO_MFA_SECRET is unset or this is production)."
            )
        self.stdout.write(current_code(settings.DEMO_MFA_SECRET))
