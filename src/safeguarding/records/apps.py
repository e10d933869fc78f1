from django.apps import AppConfig


class RecordsConfig(AppConfig):
    """Every change kept (ADR 12): previous versions of people, cases and entries. It sits below
    people and cases, which both write their history here (neither may import the other's way)."""

    name = "safeguarding.records"
    label = "records"
    verbose_name = "Record history"
