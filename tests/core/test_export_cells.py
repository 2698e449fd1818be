"""Every Excel export writes exactly what django-tables2 gives for each cell (`BoundRow.get_cell_value`), although
it works out each column's value function once per export (`core.tables.ExportCell`) and reads the rows a chunk
at a time (`EXPORT_CHUNK`) with the ledger kinds and units shared between rows. Of a long list (the audit log)
up to `SAMPLE` rows drawn across the whole list are compared, every cell of them."""

import io
import itertools

import pytest
from django.db.models import QuerySet
from django.urls import get_resolver
from django_tables2.rows import BoundRow
from openpyxl import load_workbook

from zhenwu.core import tables
from zhenwu.core.generic import ObjectListView


def list_pages(keep) -> list[str]:
    """The address of every list page (`ObjectListView`, no argument in its address) whose view and the keyword
    arguments of its `as_view()` `keep(view, initkwargs)` accepts."""
    out = []

    def walk(patterns, prefix=""):
        for p in patterns:
            if hasattr(p, "url_patterns"):
                walk(p.url_patterns, prefix + str(p.pattern))
                continue
            view = getattr(p.callback, "view_class", None)
            if (view and issubclass(view, ObjectListView) and keep(view, p.callback.view_initkwargs)
                    and "<" not in str(p.pattern)):
                out.append("/" + prefix + str(p.pattern))
    walk(get_resolver().url_patterns)
    return sorted(set(out))


LISTS = list_pages(lambda view, initkwargs: view.export_name)  # every list page that exports
SAMPLE = 1500  # rows compared per list: the audit log alone has tens of thousands, every cell through the library


def _sampled(export_records):
    """Every k-th record of the export (all of them below SAMPLE), so both runs compare the same rows drawn from
    the whole list; the chunks are still read in full."""
    def records(self):
        data = self.data.data
        n = data.count() if isinstance(data, QuerySet) else len(data)
        return itertools.islice(export_records(self), 0, None, max(1, n // SAMPLE))
    return records


def _cells(content: bytes) -> list[list]:
    return [[c.value for c in row] for row in load_workbook(io.BytesIO(content)).active.iter_rows()]


def _library_value(self, record):
    return BoundRow(record, table=self.table).get_cell_value(self.name)


def test_every_list_that_exports_is_covered():
    assert len(LISTS) >= 15 and "/ledgers/entries/" in LISTS and "/audit/" in LISTS


@pytest.mark.django_db
@pytest.mark.parametrize("url", [*LISTS, "/plans/scores/", "/ledgers/entries/?kind=safety_hazard",
                                 "/ledgers/entries/?kind=petition"])
def test_an_export_writes_what_the_library_gives_for_every_cell(url, login, monkeypatch, settings):
    settings.EXPORT_INLINE_ROWS = 100_000
    monkeypatch.setattr(tables.Table, "export_records", _sampled(tables.Table.export_records))
    client = login("admin")
    address = url + ("&" if "?" in url else "?") + "format=xlsx"
    ours = client.get(address)
    assert ours.status_code == 200, address
    rows = _cells(ours.getvalue())
    assert len(rows) >= 2, f"{url}: the demo should give this list rows"

    monkeypatch.setattr(tables.ExportCell, "value", _library_value)
    # and the rows read a few at a time: seven, or 61 for the long lists (hundreds of chunks either way)
    monkeypatch.setattr(tables, "EXPORT_CHUNK", 7 if len(rows) < SAMPLE else 61)
    assert _cells(client.get(address).getvalue()) == rows


@pytest.mark.django_db
def test_a_ledger_export_follows_the_pages_order_across_chunks(login, monkeypatch, settings):
    settings.EXPORT_INLINE_ROWS = 100_000
    monkeypatch.setattr(tables, "EXPORT_CHUNK", 5)
    client = login("admin")
    rows = _cells(client.get("/ledgers/entries/?format=xlsx&sort=title").getvalue())[1:]
    titles = [r[1] for r in rows]
    assert len(titles) > 100 and titles == sorted(titles)
    page = client.get("/ledgers/entries/?sort=title").context["table"]
    assert [r.record.title for r in page.page.object_list] == titles[:len(page.page.object_list)]
