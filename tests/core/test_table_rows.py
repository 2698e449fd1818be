"""A list's rows come from one template tag (`table_rows` in web/templatetags/zhenwu.py) instead of the template
loop over `row.items`. Every table the pages show is rendered both ways here — the page's own table, on every list
and on the pages that embed a list — and the HTML must be the same to the byte; so must a table made to reach the
corners: callable `td` attrs (per table and per column), a `cell` attr, a header and cells that need escaping, a
cell that is already safe, numbers and dates (localized as `{{ }}` localizes them), and no rows at all."""

import datetime
import importlib
import itertools
from decimal import Decimal
from pathlib import Path

import django_tables2 as dt
import pytest
from django.apps import apps
from django.template import engines
from django.test import RequestFactory
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from test_export_cells import list_pages  # the same walk over the list pages

import zhenwu.web
from zhenwu.core.tables import Table

TEMPLATE = Path(zhenwu.web.__file__).parent / "templates" / "web" / "table.html"
TAG = ('{% table_rows table as rows %}{% if rows %}{{ rows }}{% else %}<tr><td colspan="{{ table.columns|length }}" '
       'class="text-muted">{{ table.empty_text }}</td></tr>\n  {% endif %}\n')
LOOP = ('{% for row in table.paginated_rows %}<tr {{ row.attrs.as_html }}>\n'
        '    {% for column, cell in row.items %}<td {{ column.attrs.td.as_html }} data-label="{{ column.header }}">'
        '{{ cell }}</td>{% endfor %}\n'
        '  </tr>\n'
        '  {% empty %}<tr><td colspan="{{ table.columns|length }}" class="text-muted">{{ table.empty_text }}'
        '</td></tr>\n'
        '  {% endfor %}\n')


def _both(table, request) -> tuple[str, str]:
    """The table through web/table.html, and through the same file with the library's loop in place of the tag."""
    source = TEMPLATE.read_text()
    assert TAG in source, "table.html no longer renders its rows with table_rows"
    engine = engines["django"]
    out = []
    for text in (source, source.replace(TAG, LOOP)):
        table._counter = itertools.count()  # rows are odd or even by it: each rendering starts again (Table.as_html)
        out.append(engine.from_string(text).render({"table": table, "request": request}, request))
    return tuple(out)


def _table_classes() -> set[type]:
    for app in apps.get_app_configs():
        if app.name.startswith("zhenwu."):
            try:
                importlib.import_module(f"{app.name}.tables")
            except ModuleNotFoundError:
                pass
    found, todo = set(), [Table]
    while todo:
        for sub in todo.pop().__subclasses__():
            if sub.__module__.startswith("zhenwu.") and sub not in found:
                found.add(sub)
                todo.append(sub)
    return found


def _shown(view, initkwargs) -> bool:
    """A list page shows its table (the same view at an address of its own that downloads it does not)."""
    return bool(view.table_class) and not initkwargs.get("export_only", view.export_only)


def _detail_pages() -> list[str]:
    from zhenwu.assess.models import Household, PartyMember
    from zhenwu.plans.models import Project, Task

    objects = [Project.objects.filter(children__isnull=False).first(),
               Task.objects.filter(children__isnull=False).first(),
               Household.objects.filter(records__isnull=False).first(),
               PartyMember.objects.filter(records__isnull=False).first()]
    return [o.get_absolute_url() for o in objects if o is not None]  # the demo's projects have no sub-projects


PAGES = ["/plans/", "/plans/scores/", "/reports/", "/ledgers/entries/?kind=petition",
         "/ledgers/entries/?kind=safety_hazard", "/ledgers/entries/?page=2", "/audit/?page=3"]


@pytest.mark.django_db
def test_every_table_on_every_list_renders_the_same_rows(login):
    client = login("admin")
    seen, rows = set(), 0
    for url in list_pages(_shown) + PAGES + _detail_pages():
        response = client.get(url)
        assert response.status_code == 200, url
        shown = {id(c["table"]): c["table"] for c in response.context if "table" in c and isinstance(c["table"], Table)}
        assert shown, f"{url} shows no table"
        for table in shown.values():
            ours, library = _both(table, response.wsgi_request)
            assert ours == library, f"{url}: {type(table).__name__}"
            assert ours in response.content.decode(), f"{url}: the page's table is not the one rendered here"
            seen.add(type(table))
            rows += ours.count("<tr ") - 1
    assert _table_classes() <= seen, _table_classes() - seen
    assert rows > 500


class Corners(Table):
    name = dt.Column("名称 <b> & “引号”", attrs={"td": {"data-id": lambda record: f'{record["id"]}"<'}})
    badge = dt.Column("状态", empty_values=(), attrs={"td": {"class": lambda value: f"v-{len(value)}"}})
    amount = dt.Column("数量", attrs={"cell": {"class": "text-end", "data-x": "a&b"}})
    day = dt.Column("日期", attrs={"td": {"title": lambda table: type(table).__name__}})
    plain = dt.Column(mark_safe("<i>安全</i>"))
    note = dt.Column("备注", default="—", attrs={"td": {"data-n": {"deep": lambda: "x"}}})

    class Meta(Table.Meta):
        attrs = {**Table.Meta.attrs, "td": {"data-row": lambda bound_column: bound_column.name}}
        row_attrs = {"data-pk": lambda record: record["id"],
                     "class": lambda record: "odd-one" if record["id"] == 2 else None}

    def render_badge(self, record):
        return format_html('<span class="badge">{}</span>', record["name"])


class Fixed(Table):
    """No callable anywhere: every column's td attrs worked out once."""
    name = dt.Column("名称 & 代码", attrs={"td": {"class": "font-monospace"}})
    amount = dt.Column("数量", attrs={"td": {"class": "text-end"}, "th": {"class": "text-end"}})
    day = dt.Column("日期")
    plain = dt.Column("纯文本")

    class Meta(Table.Meta):
        attrs = {**Table.Meta.attrs, "cell": {"class": "c"}}


RECORDS = [
    {"id": 1, "name": "<script>alert('x')</script> & \"q\"", "amount": 1234567, "day": datetime.date(2025, 3, 1),
     "plain": mark_safe("<em>已是安全的</em>"), "note": None},
    {"id": 2, "name": "乡镇", "amount": Decimal("12.50"), "day": datetime.datetime(2025, 3, 1, 8, 30),
     "plain": "a < b", "note": 3.25},
    {"id": 3, "name": "", "amount": None, "day": None, "plain": 0, "note": "ok"},
]


@pytest.mark.parametrize("table_class", [Corners, Fixed])
@pytest.mark.parametrize("records", [RECORDS, RECORDS[:1], []], ids=["three", "one", "none"])
def test_callable_attrs_escaping_and_safe_cells_render_as_the_library_does(table_class, records):
    request = RequestFactory().get("/x/")
    table = table_class(records, request=request)
    ours, library = _both(table, request)
    assert ours == library
    if records:
        assert "&lt;script&gt;" in ours and "<em>已是安全的</em>" in ours and "<script>" not in ours
    if records and table_class is Corners:
        assert 'data-id="1&quot;&lt;"' in ours and 'data-row="amount"' in ours and 'class="v-' in ours
