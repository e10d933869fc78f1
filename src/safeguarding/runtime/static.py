from django.conf import settings
from whitenoise.middleware import WhiteNoiseMiddleware


class StaticFilesMiddleware(WhiteNoiseMiddleware):
    """WhiteNoise, minus its warning about a STATIC_ROOT nobody has collected into.

    The demo and the tests serve from the apps' folders (WHITENOISE_USE_FINDERS) and need no
    collected root; production serves only the collected root, which the build step fills
    (`safeguarding collectstatic`), and keeps WhiteNoise's warning when it is missing.
    """

    def add_files(self, root, prefix=None):
        if settings.WHITENOISE_USE_FINDERS and str(root) == str(settings.STATIC_ROOT):
            from pathlib import Path

            if not Path(root).is_dir():
                return
        super().add_files(root, prefix=prefix)
