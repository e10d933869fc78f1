from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "safeguarding.cases"
    label = "cases"
