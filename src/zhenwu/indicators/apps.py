from django.apps import AppConfig

from zhenwu.core.registry import AppEntry, Nav, Pages


class IndicatorsConfig(AppConfig):
    name = "zhenwu.indicators"
    verbose_name = "指标"
    entry = AppEntry(
        nav=[Nav("指标", "indicator_grid", 20)],
        urls="zhenwu.indicators.urls", url_prefix="indicators/",
        api="zhenwu.indicators.api:router", api_prefix="indicators",
        dashboard="zhenwu.indicators.dashboard:indicator_cards",
        demo="zhenwu.indicators.demo:load", demo_order=20,
        jobs={"indicators.import": "zhenwu.indicators.jobs:import_values"},
        report_sources={"indicator": "zhenwu.indicators.report:IndicatorFigures"},
        pages=[
            Pages("indicators.DataValue", list="datavalue_list", detail="datavalue_edit", export="datavalue_list",
                  api="/api/indicators/values"),
            Pages("indicators.Target", list="target_list", edit="target_edit", export="target_list",
                  edit_action="manage"),
            Pages("indicators.PeriodLock"),
        ],
    )

    def ready(self):
        from . import figures

        figures.connect()
