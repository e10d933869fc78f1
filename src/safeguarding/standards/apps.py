from django.apps import AppConfig


class StandardsConfig(AppConfig):
    name = "safeguarding.standards"
    label = "standards"

    def ready(self) -> None:
        # Re-judging is registered from above: the write path (cases, people, the API, the bulk
        # import) announces the cases it changed and knows nothing of standards (ADR 11).
        from safeguarding.cases.hooks import on_cases_changed
        from safeguarding.standards.services import cases_reevaluate

        on_cases_changed(cases_reevaluate)
