from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "safeguarding.cases"
    label = "cases"

    def ready(self) -> None:
        # A change to people changes their open cases: passed on to whoever judges cases.
        from safeguarding.cases.hooks import open_cases_of_people_changed
        from safeguarding.people.hooks import on_people_changed

        on_people_changed(open_cases_of_people_changed)
