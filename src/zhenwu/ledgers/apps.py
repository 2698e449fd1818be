from django.apps import AppConfig


class LedgersConfig(AppConfig):
    name = "zhenwu.ledgers"
    label = "ledgers"
    verbose_name = "台账"
