"""The lists' columns (page, Excel export, API display). Personal data is shown masked."""

import django_tables2 as tables
from django.utils.html import format_html

from zhenwu.core import fmt
from zhenwu.core.tables import DateColumn, Table

NUM = {"td": {"class": "text-end"}, "th": {"class": "text-end"}}


class PointsColumn(tables.Column):
    def __init__(self, *args, signed=False, **kwargs):
        self.signed = signed
        kwargs.setdefault("attrs", NUM)
        super().__init__(*args, **kwargs)

    def render(self, value):
        return f"{value:+d}" if self.signed and value else fmt.count(value)

    def value(self, value):
        return value


class HouseholdTable(Table):
    head = tables.Column(verbose_name="户主", linkify=True)
    org = tables.Column(verbose_name="村（网格）", accessor="org__name")
    members = tables.Column(verbose_name="人口", attrs=NUM)
    address = tables.Column(verbose_name="住址")
    phone = tables.Column(verbose_name="联系电话", accessor="phone_masked", orderable=False)
    balance = PointsColumn(verbose_name="积分余额")

    class Meta(Table.Meta):
        attrs = {**Table.Meta.attrs, "id": "household-table"}


class MemberTable(Table):
    name = tables.Column(verbose_name="姓名", linkify=True)
    org = tables.Column(verbose_name="支部（单位）", accessor="org__name")
    post = tables.Column(verbose_name="类别")
    phone = tables.Column(verbose_name="联系电话", accessor="phone_masked", orderable=False)
    balance = PointsColumn(verbose_name="积分余额")

    class Meta(Table.Meta):
        attrs = {**Table.Meta.attrs, "id": "member-table"}


class RuleTable(Table):
    category = tables.Column(verbose_name="类别")
    name = tables.Column(verbose_name="名称")
    subject = tables.Column(verbose_name="适用对象")
    points = PointsColumn(verbose_name="分值", signed=True)
    evidence_required = tables.BooleanColumn(verbose_name="须附照片", yesno="是,否")
    monthly_cap = tables.Column(verbose_name="每月上限（分）", attrs=NUM, default=fmt.EMPTY)
    org = tables.Column(verbose_name="制定单位", accessor="org__name")
    edit = tables.LinkColumn("rule_edit", args=[tables.A("pk")], text="编辑", verbose_name="", orderable=False,
                             exclude_from_export=True)

    exclude_from_display = ("edit",)
    write_columns = ("edit",)

    class Meta(Table.Meta):
        attrs = {**Table.Meta.attrs, "id": "rule-table"}


class PointTable(Table):
    occurred_on = DateColumn(verbose_name="日期", linkify=True)
    subject = tables.Column(verbose_name="农户/党员", accessor="subject", orderable=False)
    org = tables.Column(verbose_name="单位", accessor="org__name")
    rule = tables.Column(verbose_name="规则", accessor="rule__name")
    points = PointsColumn(verbose_name="分值", signed=True)
    state = tables.Column(verbose_name="状态")
    photo = tables.Column(verbose_name="照片", orderable=False, exclude_from_export=True)

    exclude_from_display = ("photo",)

    class Meta(Table.Meta):
        attrs = {**Table.Meta.attrs, "id": "point-table"}

    def render_state(self, record, value):
        color = {"pending": "warning", "approved": "success", "returned": "secondary"}[record.state]
        return format_html('<span class="badge text-bg-{}">{}</span>', color, value)

    def value_state(self, record):
        return record.get_state_display()

    def value_subject(self, record):
        return str(record.subject)

    def render_photo(self, value):
        return "有" if value else ""


class GoodsTable(Table):
    name = tables.Column(verbose_name="商品")
    org = tables.Column(verbose_name="积分超市", accessor="org__name")
    price = PointsColumn(verbose_name="兑换积分")
    stock = PointsColumn(verbose_name="库存")
    active = tables.BooleanColumn(verbose_name="上架", yesno="是,否")
    edit = tables.LinkColumn("goods_edit", args=[tables.A("pk")], text="编辑", verbose_name="", orderable=False,
                             exclude_from_export=True)

    exclude_from_display = ("edit",)
    write_columns = ("edit",)

    class Meta(Table.Meta):
        attrs = {**Table.Meta.attrs, "id": "goods-table"}


class RedemptionTable(Table):
    redeemed_on = DateColumn(verbose_name="日期")
    subject = tables.Column(verbose_name="农户/党员", accessor="pk", orderable=False)
    org = tables.Column(verbose_name="单位", accessor="org__name")
    goods = tables.Column(verbose_name="商品", accessor="goods__name")
    quantity = PointsColumn(verbose_name="数量")
    points = PointsColumn(verbose_name="消耗积分")

    class Meta(Table.Meta):
        attrs = {**Table.Meta.attrs, "id": "redemption-table"}

    def render_subject(self, record):
        return str(record.household or record.member)

    def value_subject(self, record):
        return str(record.household or record.member)


class SchemeTable(Table):
    name = tables.Column(verbose_name="考评方案", linkify=True)
    org = tables.Column(verbose_name="组织单位", accessor="org__name")
    period_type = tables.Column(verbose_name="类型")
    min_items = tables.Column(verbose_name="最少评分项", attrs=NUM)

    class Meta(Table.Meta):
        attrs = {**Table.Meta.attrs, "id": "scheme-table"}


class CampaignTable(Table):
    name = tables.Column(verbose_name="名称", linkify=True)
    year = tables.Column(verbose_name="年度")
    level = tables.Column(verbose_name="级别")
    org = tables.Column(verbose_name="组织单位", accessor="org__name")

    class Meta(Table.Meta):
        attrs = {**Table.Meta.attrs, "id": "campaign-table"}
