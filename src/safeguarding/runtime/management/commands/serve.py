from django.conf import settings
from django.core.management.base import BaseCommand

from safeguarding.runtime.server import serve


class Command(BaseCommand):
    help = (
        "Serve the application (waitress WSGI server; static files through WhiteNoise). Behind a "
        "TLS proxy set TRUSTED_PROXY to its address (docs/operations.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", default=settings.SERVER_HOST)
        parser.add_argument("--port", type=int, default=settings.SERVER_PORT)
        parser.add_argument("--threads", type=int, default=settings.SERVER_THREADS)

    def handle(self, *args, host, port, threads, **options):
        self.stdout.write(
            f"{settings.FORCE_NAME} safeguarding: serving at http://{host}:{port}/  (Ctrl-C stops)"
        )
        serve(host=host, port=port, threads=threads)
