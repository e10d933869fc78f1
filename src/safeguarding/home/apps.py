from django.apps import AppConfig


class HomeConfig(AppConfig):
    """Each role's start page: it gathers the work of the apps below (worklists, audits,
    reports, the access log), so it sits above them all."""

    name = "safeguarding.home"
    label = "home"
