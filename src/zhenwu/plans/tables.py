"""The plans lists' columns (page, Excel export, API display)."""

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from zhenwu.core.tables import DateColumn, MoneyColumn, PercentColumn, Table


def _person(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


class ProjectTable(Table):
    year = tables.Column(verbose_name="年度")
    name = tables.Column(verbose_name="项目", linkify=True)
    org = tables.Column(verbose_name="单位", accessor="org__name")
    category = tables.Column(verbose_name="领域")
    stage = tables.Column(verbose_name="阶段")
    planned_investment = MoneyColumn(verbose_name="计划总投资")
    year_plan = MoneyColumn(verbose_name="年度计划")
    done = MoneyColumn(verbose_name="累计完成投资", accessor="done_total", orderable=False)
    leader = tables.Column(verbose_name="责任领导", orderable=False)
    progress = PercentColumn(verbose_name="进度", accessor="progress_percent", orderable=False)
    behind = tables.Column(verbose_name="滞后", accessor="pk", orderable=False)

    class Meta(Table.Meta):
        attrs = {**Table.Meta.attrs, "id": "project-table"}

    def render_name(self, record, value):
        return format_html('{} <span class="badge text-bg-primary">重点</span>', value) if record.key else value

    def value_name(self, value):
        return value

    def render_leader(self, value):
        return _person(value) or "—"

    def value_leader(self, value):
        return _person(value)

    def render_behind(self, record):
        return mark_safe('<span class="badge text-bg-warning">滞后</span>') if record.behind_schedule() else ""

    def value_behind(self, record):
        return "滞后" if record.behind_schedule() else ""


class TaskTable(Table):
    year = tables.Column(verbose_name="年度")
    title = tables.Column(verbose_name="任务", linkify=True)
    area = tables.Column(verbose_name="领域")
    source = tables.Column(verbose_name="类别")
    leader = tables.Column(verbose_name="牵头领导", orderable=False)
    units = tables.Column(verbose_name="责任单位", accessor="pk", orderable=False)
    deadline = DateColumn(verbose_name="时限")
    status = tables.Column(verbose_name="状态")
    progress = PercentColumn(verbose_name="进度", accessor="progress_percent", orderable=False)
    behind = tables.Column(verbose_name="滞后", accessor="pk", orderable=False)

    class Meta(Table.Meta):
        attrs = {**Table.Meta.attrs, "id": "task-table"}

    def render_title(self, record, value):
        return format_html('{} <span class="badge text-bg-danger">督办</span>', value) if record.supervised else value

    def value_title(self, value):
        return value

    def render_leader(self, value):
        return _person(value) or "—"

    def value_leader(self, value):
        return _person(value)

    def _units(self, record) -> str:
        return "、".join(u.name for u in record.units.all()) or record.unit

    def render_units(self, record):
        return self._units(record) or "—"

    def value_units(self, record):
        return self._units(record)

    def render_behind(self, record):
        return mark_safe('<span class="badge text-bg-warning">滞后</span>') if record.behind_schedule() else ""

    def value_behind(self, record):
        return "滞后" if record.behind_schedule() else ""


class CandidateTable(Table):
    year = tables.Column(verbose_name="年度")
    name = tables.Column(verbose_name="项目")
    org = tables.Column(verbose_name="单位", accessor="org__name")
    scale = tables.Column(verbose_name="建设规模", orderable=False)
    budget = MoneyColumn(verbose_name="概算投资")
    funding = tables.Column(verbose_name="资金来源")
    project = tables.Column(verbose_name="已转项目", linkify=True)
    edit = tables.LinkColumn("candidate_edit", args=[tables.A("pk")], text="编辑", verbose_name="", orderable=False,
                             exclude_from_export=True)

    exclude_from_display = ("edit",)
    write_columns = ("edit",)

    class Meta(Table.Meta):
        attrs = {**Table.Meta.attrs, "id": "candidate-table"}


class OrderTable(Table):
    task = tables.Column(verbose_name="督办任务", accessor="task__title", linkify=lambda record: record.get_absolute_url())
    org = tables.Column(verbose_name="承办单位", accessor="org__name")
    issued_on = DateColumn(verbose_name="督办日期")
    due = DateColumn(verbose_name="反馈时限")
    state = tables.Column(verbose_name="状态")
    reminders = tables.Column(verbose_name="催办次数")
    feedback = tables.Column(verbose_name="反馈情况")

    class Meta(Table.Meta):
        attrs = {**Table.Meta.attrs, "id": "order-table"}

    def render_state(self, record, value):
        if record.overdue:
            return format_html('{} <span class="badge text-bg-danger">逾期</span>', value)
        return value

    def value_state(self, record, value):
        return f"{value}（逾期）" if record.overdue else value


class SnapshotTable(Table):
    period = tables.Column(verbose_name="季度")
    title = tables.Column(verbose_name="任务")
    org = tables.Column(verbose_name="单位", accessor="org__name")
    status = tables.Column(verbose_name="状态")
    percent = PercentColumn(verbose_name="进度")
    behind = tables.BooleanColumn(verbose_name="滞后")
    open_orders = tables.Column(verbose_name="未办结督办")
    rating = tables.Column(verbose_name="督查评价")
    comment = tables.Column(verbose_name="督查意见")
    rate = tables.TemplateColumn(
        '<a class="btn btn-sm btn-outline-primary" href="{% url \'snapshot_rate\' record.pk %}">评价</a>',
        verbose_name="", orderable=False, exclude_from_export=True)

    class Meta(Table.Meta):
        attrs = {**Table.Meta.attrs, "id": "snapshot-table"}


class ScoreTable(Table):
    """年终考核: one row per unit or leader, ranked."""

    rank = tables.Column(verbose_name="名次", orderable=False)
    name = tables.Column(verbose_name="单位/领导", orderable=False)
    tasks = tables.Column(verbose_name="任务数", orderable=False)
    scored = tables.Column(verbose_name="已评分", orderable=False)
    score = tables.Column(verbose_name="平均得分", orderable=False)

    class Meta(Table.Meta):
        attrs = {**Table.Meta.attrs, "id": "score-table"}
