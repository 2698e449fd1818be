"""The indicator lists' columns: catalogue, stored values, targets (page, Excel export and API display)."""

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from zhenwu.core import fmt
from zhenwu.core.tables import Table

from . import services
from .models import Indicator, Target

_END = {"td": {"class": "text-end"}, "th": {"class": "text-end"}}


class IndicatorTable(Table):
    code = tables.Column(verbose_name="代码", attrs={"td": {"class": "font-monospace small"}})
    name = tables.Column(verbose_name="名称", linkify=True)
    synonyms = tables.Column(verbose_name="同义词", orderable=False, attrs={"td": {"class": "small"}})
    unit = tables.Column(verbose_name="单位", accessor="shown_unit", orderable=False)
    category = tables.Column(verbose_name="类别")
    aggregation = tables.Column(verbose_name="汇总", attrs={"td": {"class": "small"}})
    frequency = tables.Column(verbose_name="频度")
    formula = tables.Column(verbose_name="公式", attrs={"td": {"class": "font-monospace small"}})

    class Meta(Table.Meta):
        model = Indicator
        fields = ()
        attrs = {**Table.Meta.attrs, "id": "indicator-table"}

    def render_name(self, record, value):
        badge = mark_safe(' <span class="badge text-bg-info">主要</span>') if record.headline else ""
        return format_html("{}{}", value, badge)

    def value_name(self, value):
        return value

    def render_synonyms(self, value):
        return "、".join(value)


class DataValueTable(Table):
    org = tables.Column(verbose_name="单位", accessor="org__name")
    period = tables.Column(verbose_name="期间", accessor="period_obj__label", order_by=("year", "first_month"))
    indicator = tables.Column(verbose_name="指标", accessor="indicator__name", order_by=("indicator__sort",))
    value = tables.Column(verbose_name="数值", attrs=_END, linkify=lambda record: record.get_absolute_url())
    unit = tables.Column(verbose_name="单位", accessor="indicator__shown_unit", visible=False, orderable=False)
    source = tables.Column(verbose_name="来源")
    updated_by = tables.Column(verbose_name="填报人", default="系统")
    note = tables.Column(verbose_name="备注", attrs={"td": {"class": "small"}})

    class Meta(Table.Meta):
        attrs = {**Table.Meta.attrs, "id": "value-table"}

    def render_value(self, record):
        return services.display(record.indicator, record.value)

    def value_value(self, record):
        """In Excel: the number in the indicator's display unit (the hidden 单位 column names it)."""
        return record.indicator.to_display(record.value)


class TargetTable(Table):
    org = tables.Column(verbose_name="单位", accessor="org__name")
    year = tables.Column(verbose_name="年度")
    indicator = tables.Column(verbose_name="指标", accessor="indicator__name")
    value = tables.Column(verbose_name="目标", attrs=_END)
    done = tables.Column(verbose_name="完成", empty_values=(), orderable=False, attrs=_END)
    rate = tables.Column(verbose_name="完成率", empty_values=(), orderable=False, attrs=_END)
    edit = tables.LinkColumn("target_edit", args=[tables.A("pk")], text="编辑", verbose_name="", orderable=False,
                             exclude_from_export=True)

    exclude_from_display = ("edit",)

    class Meta(Table.Meta):
        attrs = {**Table.Meta.attrs, "id": "target-table"}

    def __init__(self, *args, can_edit=False, **kwargs):
        super().__init__(*args, **kwargs)
        self._completion = {}
        if not can_edit:
            self.columns.hide("edit")

    def completion(self, t: Target):
        if t.pk not in self._completion:
            self._completion[t.pk] = services.completion(t.indicator, t.org, str(t.year))
        return self._completion[t.pk]

    def render_value(self, record):
        return services.display(record.indicator, record.value)

    def render_done(self, record):
        return services.display(record.indicator, self.completion(record).value)

    def render_rate(self, record):
        return fmt.percent(self.completion(record).rate)

    def value_value(self, record):
        return record.indicator.to_display(record.value)

    def value_done(self, record):
        return record.indicator.to_display(self.completion(record).value)

    def value_rate(self, record):
        return self.completion(record).rate
