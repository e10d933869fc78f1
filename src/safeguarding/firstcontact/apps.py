from django.apps import AppConfig


class FirstcontactConfig(AppConfig):
    name = "safeguarding.firstcontact"
    label = "firstcontact"
