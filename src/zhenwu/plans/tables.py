"""The project and task lists' columns (page, Excel export, API display)."""

import django_tables2 as tables
from django.utils.html import format_html

from zhenwu.core.tables import DateColumn, MoneyColumn, PercentColumn, Table


class ProjectTable(Table):
    year = tables.Column(verbose_name="年度")
    name = tables.Column(verbose_name="项目", linkify=True)
    org = tables.Column(verbose_name="单位", accessor="org__name")
    category = tables.Column(verbose_name="类别")
    planned_investment = MoneyColumn(verbose_name="计划总投资")
    year_plan = MoneyColumn(verbose_name="年度计划")
    status = tables.Column(verbose_name="状态")
    progress = PercentColumn(verbose_name="进度", accessor="progress_percent", orderable=False)

    class Meta(Table.Meta):
        attrs = {**Table.Meta.attrs, "id": "project-table"}

    def render_name(self, record, value):
        return format_html('{} <span class="badge text-bg-primary">重点</span>', value) if record.key else value

    def value_name(self, value):
        return value


class TaskTable(Table):
    year = tables.Column(verbose_name="年度")
    title = tables.Column(verbose_name="任务", linkify=True)
    area = tables.Column(verbose_name="领域")
    source = tables.Column(verbose_name="来源")
    unit = tables.Column(verbose_name="责任单位")
    deadline = DateColumn(verbose_name="时限")
    status = tables.Column(verbose_name="状态")
    progress = PercentColumn(verbose_name="进度", accessor="progress_percent", orderable=False)

    class Meta(Table.Meta):
        attrs = {**Table.Meta.attrs, "id": "task-table"}

    def render_title(self, record, value):
        return format_html('{} <span class="badge text-bg-danger">督办</span>', value) if record.supervised else value

    def value_title(self, value):
        return value
