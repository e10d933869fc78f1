from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "safeguarding.access"
    label = "access"

    def ready(self):
        from safeguarding.access import checks, signals  # noqa: F401  (connect receivers, register checks)
