from django.apps import AppConfig


class RuntimeConfig(AppConfig):
    """Running the application in a force: the server, health, logs and metrics (ADR 0014)."""

    name = "safeguarding.runtime"
    label = "runtime"
