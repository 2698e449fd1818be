from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "zhenwu.indicators"
    verbose_name = "指标"
