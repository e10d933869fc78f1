from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    name = "safeguarding.exchange"
    label = "exchange"
