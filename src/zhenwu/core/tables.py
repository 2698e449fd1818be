"""One column definition per list (django-tables2): the page renders it, the Excel export writes it, and the API
list gives its texts as display fields — so a page, its export and the API never disagree.

Columns render figures through `core.fmt`. For Excel a column gives `value()`: plain numbers stay numbers
(money in 万元, as its header says) so a clerk can add them up; everything else is the page's text.
"""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

import django_tables2 as tables
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import QuerySet
from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django_tables2.columns import ManyToManyColumn
from django_tables2.columns.linkcolumn import BaseLinkColumn
from django_tables2.rows import BoundRow
from django_tables2 import utils as tables_utils
from django_tables2.utils import A

from . import fmt
from .history import describe

EXPORT_CHUNK = 2000


def _remembering(inspect_signature):
    """django-tables2 inspects a column's render function again for every cell it renders (`inspect.signature`,
    ≈ 100 µs: a third of a 50-row list page). The answer depends only on the function and on whether it is bound,
    so it is worked out once per function."""
    known: dict = {}

    def signature(fn):
        key = (getattr(fn, "__func__", fn), hasattr(fn, "__self__"))
        try:
            return known[key]
        except KeyError:
            if len(known) > 4096:  # functions made per table (lambdas in an __init__) would pile up
                known.clear()
            known[key] = found = inspect_signature(fn)
            return found
        except TypeError:  # an unhashable callable
            return inspect_signature(fn)

    signature.__wrapped__ = inspect_signature
    return signature


tables_utils.signature = signature = _remembering(tables_utils.signature)


class Table(tables.Table):
    class Meta:
        template_name = "web/table.html"
        attrs = {"class": "table table-sm table-hover"}
        empty_text = "没有符合条件的记录"

    def __init__(self, data=None, *args, request=None, paginated_by_view: bool = False, **kwargs):
        # A list view (core.generic.ObjectListView) paginates once, with its own paginator: here only the
        # request's ordering then (django-tables2 would paginate here too, counting every row a second time).
        super().__init__(data, *args, **kwargs)
        if request is not None:
            tables.RequestConfig(request, paginate=not paginated_by_view).configure(self)

    def export_header(self) -> list[str]:
        return [f"{c.header}（万元）" if isinstance(c.column, MoneyColumn) else str(c.header)
                for c in self._export_columns()]

    def export_rows(self):
        """Rows of values for Excel, all of the data (not one page): what `value()` of each column gives."""
        cells = [ExportCell(self, c) for c in self._export_columns()]
        for record in self.export_records():
            yield [cell.value(record) for cell in cells]

    def export_records(self):
        """All of the records in the table's order. A queryset is read `EXPORT_CHUNK` rows at a time (not held
        whole), each chunk going through `prepare_chunk`, so an export of 100,000 rows keeps memory flat."""
        data = self.data.data
        if not isinstance(data, QuerySet):
            yield from data
            return
        if self.export_shared:
            data = data.select_related(None)
        shared = {name: {} for name in self.export_shared}
        records = data.iterator(chunk_size=EXPORT_CHUNK)
        while chunk := list(itertools.islice(records, EXPORT_CHUNK)):
            for name, known in shared.items():
                field = data.model._meta.get_field(name)
                missing = {getattr(r, field.attname) for r in chunk} - known.keys() - {None}
                known.update(field.related_model._base_manager.in_bulk(missing))
                for r in chunk:
                    setattr(r, name, known.get(getattr(r, field.attname)))
            self.prepare_chunk(chunk)
            yield from chunk

    # Foreign keys with few distinct targets (a ledger's kind and unit): an export reads each target once and shares
    # it between rows, instead of joining it (and decoding its JSON) on every row. The export's queryset then
    # selects no related object: a table listing names here lists every relation its columns read.
    export_shared: tuple = ()

    def prepare_chunk(self, records: list) -> None:
        """Work done once per chunk of exported records rather than once per row."""

    def display(self, record) -> dict:
        """{column header: the text the page shows} for one record (the API's display fields)."""
        row = BoundRow(record, table=self)
        return {str(c.header): strip_tags(str(row.get_cell(c.name))).strip()
                for c in self.columns if c.name not in self.exclude_from_display}

    exclude_from_display: tuple = ()
    write_columns: tuple = ()  # columns of links to write pages, left out for a user who may only read here

    def exported(self, request) -> None:
        """Called once the export was written (a table that revealed personal data logs it here)."""

    def _export_columns(self):
        """Every column not excluded from export, the page's hidden ones too (e.g. a kind's own fields)."""
        return [c for c in self.columns.iterall() if not c.column.exclude_from_export]


class ExportCell:
    """One column's value for Excel, exactly as `BoundRow.get_cell_value` gives it, with what depends only on the
    column worked out once per export: which function gives the value, the arguments it takes, whether the
    accessor ends at a field with choices. The library works these out again for every cell (the field behind the
    accessor, its choices, the arguments a cell function takes).
    `tests/core/test_export_cells.py` holds it equal to the library on every exported list."""

    ARGS = ("value", "record", "column", "bound_column", "bound_row", "table")

    def __init__(self, table, bound_column):
        column = bound_column.column
        self.table, self.bound_column, self.column = table, bound_column, column
        self.name, self.accessor, self.empty = bound_column.name, A(bound_column.accessor), column.empty_values
        fn = bound_column.value
        if getattr(fn, "__func__", None) is tables.Column.value:  # the default value() calls the column's render
            fn = column.render
        args, catch_all = signature(fn)
        self.fn, self.args = fn, self.ARGS if catch_all else tuple(args)
        self.never = not catch_all and any(a not in self.ARGS for a in args)  # the library returns None then
        # these resolve their value in ways of their own: left to the library
        self.library = isinstance(column, (ManyToManyColumn, BaseLinkColumn))
        self.display = None  # (accessor of the object, its get_FOO_display name), found on the first record

    def value(self, record):
        if self.library:
            return BoundRow(record, table=self.table).get_cell_value(self.name)
        if self.display is None:
            self.display = self._display(record)
        if self.display:
            owner = self.display[0].resolve(record, quiet=True) if self.display[0] else record
            shown = getattr(owner, self.display[1], None)
            value = shown() if shown else None
        else:
            try:
                value = self.accessor.resolve(record)
            except Exception:  # noqa: BLE001 - as the library: a column without a field of the record
                value = None
        if value in self.empty or self.never:
            return None
        given = {"value": value, "record": record, "column": self.column, "bound_column": self.bound_column,
                 "table": self.table}
        if "bound_row" in self.args:
            given["bound_row"] = BoundRow(record, table=self.table)
        return self.fn(**{a: given[a] for a in self.args})

    def _display(self, record):
        """Where the library would show get_FOO_display(): the accessor ends at a model field with choices."""
        owner, remainder = self.accessor.penultimate(record)
        if not isinstance(owner, models.Model):
            return ()
        try:
            field = self.accessor.get_field(record)
        except FieldDoesNotExist:
            return ()
        name = f"get_{remainder}_display"
        if not (getattr(field, "choices", ()) and hasattr(owner, name)):
            return ()
        path = self.accessor.rpartition(self.accessor.SEPARATOR)[0]
        return (A(path) if path else None, name)


class MoneyColumn(tables.Column):
    """Money kept in 元, shown as the reports write it; exported as a number of 万元."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("attrs", {"td": {"class": "text-end"}, "th": {"class": "text-end"}})
        super().__init__(*args, **kwargs)

    def render(self, value):
        return fmt.money(value)

    def value(self, value):
        return None if value is None else (Decimal(value) / fmt.WAN).quantize(Decimal("0.01"))


class PercentColumn(tables.Column):
    def __init__(self, *args, places: int = 1, **kwargs):
        self.places = places
        kwargs.setdefault("attrs", {"td": {"class": "text-end"}, "th": {"class": "text-end"}})
        kwargs.setdefault("default", fmt.EMPTY)
        super().__init__(*args, **kwargs)

    def render(self, value):
        return fmt.percent(value, self.places)

    def value(self, value):
        return None if value in (None, fmt.EMPTY) else value


class DateColumn(tables.DateColumn):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("format", "Y-m-d")
        kwargs.setdefault("attrs", {"td": {"class": "text-nowrap"}})
        super().__init__(*args, **kwargs)
        self.format = kwargs["format"]

    def render(self, value):
        """What the library's `{{ value|date:format }}` gives, without compiling that template again for every
        cell (the library's DateColumn is a TemplateColumn: 50 compilations a list page)."""
        if isinstance(value, dt.datetime) and timezone.is_aware(value):
            value = timezone.localtime(value)  # as the template does before the `date` filter
        return date_filter(value, self.format)

    def value(self, value):
        return value


def with_display(table_class, records, request, **kwargs) -> list:
    """The records of an API list, each with `display`: its row as the list page shows it."""
    records = list(records)
    table = table_class(records, request=request, **kwargs)
    for record in records:
        record.display = table.display(record)
    return records


# -- core's own lists -----------------------------------------------------------------------------------------

class OrgUnitTable(Table):
    code = tables.Column("代码", attrs={"td": {"class": "font-monospace"}})
    name = tables.Column("名称", linkify=True)
    level = tables.Column("层级")
    parent = tables.Column("上级", accessor="parent__name", default=fmt.EMPTY)
    population = tables.Column("户籍人口", attrs={"td": {"class": "text-end"}, "th": {"class": "text-end"}})

    class Meta(Table.Meta):
        attrs = {**Table.Meta.attrs, "id": "org-table"}


class MembershipTable(Table):
    username = tables.Column("用户名", accessor="user__username")
    full_name = tables.Column("姓名", accessor="user__first_name")
    org = tables.Column("单位", accessor="org__name", linkify=lambda record: record.org.get_absolute_url())
    role = tables.Column("角色")
    manage = tables.TemplateColumn(
        "<a href=\"{% url 'account_password' record.user_id %}\">重设密码</a> · "
        "<a class=\"text-danger\" href=\"{% url 'membership_delete' record.pk %}\">移除</a>",
        verbose_name="管理", orderable=False, exclude_from_export=True, attrs={"td": {"class": "small"}})

    exclude_from_display = ("manage",)

    class Meta(Table.Meta):
        attrs = {**Table.Meta.attrs, "id": "membership-table"}

    def __init__(self, *args, can_manage=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_manage:
            self.columns.hide("manage")


class AuditLogTable(Table):
    """The global log. Its changes are described a page (or an export chunk) at a time (`core.history`)."""

    at = tables.DateTimeColumn(verbose_name="时间", format="Y-m-d H:i", attrs={"td": {"class": "text-nowrap"}})
    username = tables.Column("操作人")
    action = tables.Column("操作")
    content_type = tables.Column("类型", accessor="content_type__name", orderable=False)
    object_repr = tables.Column("记录", linkify=lambda record: reverse(
        "object_history", args=[record.content_type_id, record.object_id]))
    changes = tables.TemplateColumn(template_name="core/_changes_cell.html", verbose_name="变更", orderable=False,
                                    attrs={"td": {"class": "w-50"}})

    class Meta(Table.Meta):
        attrs = {**Table.Meta.attrs, "id": "audit-table"}

    def describe_page(self) -> None:
        for record, lines in describe([row.record for row in self.page.object_list]):
            record.lines = lines

    def value_changes(self, record):
        return "；".join(f"{line.label}：{line.before} → {line.after}" for line in record.lines)

    def prepare_chunk(self, records):
        for record, lines in describe(records):
            record.lines = lines

    def value_at(self, value):
        return value.astimezone(timezone.get_current_timezone()).replace(tzinfo=None)
