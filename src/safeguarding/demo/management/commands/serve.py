from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve the application (waitress WSGI server; static files through WhiteNoise)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=8)

    def handle(self, *args, host, port, threads, **options):
        from waitress import serve

        from safeguarding.wsgi import application

        self.stdout.write(
            f"{settings.FORCE_NAME} safeguarding: serving at http://{host}:{port}/  (Ctrl-C stops)"
        )
        serve(application, host=host, port=port, threads=threads, ident="safeguarding")
