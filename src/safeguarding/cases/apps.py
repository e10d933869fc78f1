from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "safeguarding.cases"
    label = "cases"

    def ready(self) -> None:
        # A change to people changes their open cases: passed on to whoever judges cases.
        from safeguarding.cases.hooks import open_cases_of_people_changed
        from safeguarding.people.hooks import on_people_changed

        on_people_changed(open_cases_of_people_changed)
        # What the people floor needs to know of cases (scope, the child's page), handed down.
        from safeguarding.cases import casework
        from safeguarding.people.casework import supply_casework

        supply_casework(casework)
