from django.apps import AppConfig


class BenchesConfig(AppConfig):
    name = "safeguarding.benches"
    label = "benches"
