from django.apps import AppConfig


class StandardsConfig(AppConfig):
    name = "safeguarding.standards"
    label = "standards"
