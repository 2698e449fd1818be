"""The ledger entry list's columns (page, Excel export, API display). A kind's own fields are columns too:
hidden on the page, written to Excel, personal data masked unless the role may see it (`core.roles`)."""

from __future__ import annotations

import django_tables2 as tables
from django.utils import timezone
from django.utils.html import format_html

from zhenwu.core import fmt
from zhenwu.core.audit import log_event
from zhenwu.core.models import AuditLog, OrgUnit
from zhenwu.core.pii import PII_TYPES
from zhenwu.core.roles import may_see_pii
from zhenwu.core.tables import DateColumn, Table

from . import fields as ftypes
from .models import LedgerEntry
from .schema import FILE_TYPES


class KindFieldColumn(tables.Column):
    """One field of the kind's definition; reads the entry's JSON. Numbers stay numbers in Excel."""

    def __init__(self, field: dict, **kwargs):
        self.field = field
        unit = "元" if field["type"] == "money" else field.get("unit")
        label = f"{field['label']}（{unit}）" if unit else field["label"]
        super().__init__(verbose_name=label, accessor=tables.A("data"), orderable=False, visible=False,
                         empty_values=(), **kwargs)

    def render(self, record, table):
        return table.field_text(self.field, record) or fmt.EMPTY

    def value(self, record, table):
        raw = record.data.get(self.field["key"])
        if raw is not None and self.field["type"] == "integer":
            return int(raw)
        if raw is not None and self.field["type"] in ("decimal", "money"):
            from decimal import Decimal

            return Decimal(str(raw))
        return table.field_text(self.field, record)


class EntryTable(Table):
    ref = tables.Column(verbose_name="编号", accessor="number", visible=False)
    title = tables.Column(verbose_name="事项", linkify=True)
    kind = tables.Column(verbose_name="台账类型", accessor="kind__name")
    org = tables.Column(verbose_name="单位", accessor="org__name")
    occurred_on = DateColumn(verbose_name="发生日期")
    status = tables.Column(verbose_name="状态")
    deadline = DateColumn(verbose_name="期限", default=fmt.EMPTY)
    overdue = tables.Column(verbose_name="逾期", empty_values=(), orderable=False, visible=False)
    responsible = tables.Column(verbose_name="责任人")

    export_shared = ("kind", "org")

    class Meta(Table.Meta):
        attrs = {**Table.Meta.attrs, "id": "entry-table"}

    def __init__(self, data, *args, kind=None, request=None, **kwargs):
        extra = [(f"f_{f['key']}", KindFieldColumn(f)) for f in (kind.fields if kind else [])
                 if f["type"] not in FILE_TYPES]
        super().__init__(data, *args, extra_columns=extra, request=request, **kwargs)
        self.kind = kind
        self.user = request.user if request is not None else None
        self._reveal: dict[int, bool] = {}
        self.revealed: set[int] = set()  # entries whose personal data went out unmasked
        self._org_names: dict | None = None
        self.today = timezone.localdate()

    def field_text(self, f: dict, record) -> str:
        """The page's text of a field: PII masked unless the user's role on the entry's unit may see it."""
        if record.org_id not in self._reveal:
            self._reveal[record.org_id] = self.user is not None and may_see_pii(self.user, record.org)
        if f["type"] == "org" and self._org_names is None:
            self._org_names = dict(OrgUnit.objects.visible_to(self.user).values_list("code", "name"))
        value = record.data.get(f["key"])
        if f["type"] in PII_TYPES and value and self._reveal[record.org_id]:
            self.revealed.add(record.pk)
        return ftypes.display(f, value, reveal=self._reveal[record.org_id], org_names=self._org_names)

    def exported(self, request) -> None:
        """An export with personal data in clear is logged: who exported how many entries of which kind."""
        if self.revealed:
            name = self.kind.name if self.kind else "台账"
            log_event(request.user, AuditLog.EXPORT, LedgerEntry, "*",
                      f"导出{name} {len(self.revealed)} 条，含未脱敏的身份证号、电话", request.org.code,
                      {"count": len(self.revealed), "kind": self.kind.code if self.kind else ""})

    def render_ref(self, record):
        return record.shown_number

    def render_status(self, record):
        return format_html('<span class="badge text-bg-{}">{}</span>', record.status_color, record.status_label)

    def value_status(self, record):
        return record.status_label

    def render_deadline(self, record, value):
        if value is None:
            return fmt.EMPTY
        if record.is_overdue:
            return format_html('{} <span class="badge text-bg-danger overdue">逾期</span>', value.isoformat())
        return value.isoformat()

    def value_deadline(self, value):
        return value

    def render_overdue(self, record):
        return "是" if record.is_overdue else ""
