"""The report list's columns."""

import django_tables2 as tables

from zhenwu.core.tables import Table


class ReportTable(Table):
    title = tables.Column(verbose_name="标题", linkify=True)
    org = tables.Column(verbose_name="单位", accessor="org__name")
    outline = tables.Column(verbose_name="类型", accessor="outline__name")
    period = tables.Column(verbose_name="期间", accessor="period_obj__label", order_by=("period",))
    generated_at = tables.DateTimeColumn(verbose_name="生成时间", format="Y-m-d H:i")

    class Meta(Table.Meta):
        attrs = {**Table.Meta.attrs, "id": "report-table"}
        empty_text = "还没有报告"
