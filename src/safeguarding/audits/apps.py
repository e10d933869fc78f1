from django.apps import AppConfig


class AuditsConfig(AppConfig):
    name = "safeguarding.audits"
    label = "audits"
