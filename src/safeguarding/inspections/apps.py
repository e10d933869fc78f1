from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    name = "safeguarding.inspections"
    label = "inspections"
