from django.apps import AppConfig


class ForceConfig(AppConfig):
    name = "safeguarding.force"
    label = "force"
