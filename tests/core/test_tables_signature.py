"""What `core.tables` does in place of django-tables2's own per-cell work gives the library's answer: the signatures
it asks for every cell (remembered per function, `_remembering`) and the date cells (no template compiled per cell)."""

import django_tables2 as tables
from django_tables2 import utils

from zhenwu.core.tables import MoneyColumn


class _Odd:
    def render(*args, value):  # no self among the named parameters: binding takes nothing named away
        return value

    def plain(self, value, record):
        return value


def _callables():
    def catch_all(value, **kwargs):
        return value

    return [tables.Column().render, MoneyColumn().render, MoneyColumn.render, MoneyColumn().value,
            lambda record: record, catch_all, _Odd().render, _Odd.render, _Odd().plain, _Odd.plain]


def test_remembered_signatures_are_the_librarys():
    inspect = utils.signature.__wrapped__
    for fn in _callables() + _callables():  # the second time from memory
        assert utils.signature(fn) == inspect(fn), fn
    assert utils.signature(_Odd().plain) == (("value", "record"), None)
    assert utils.signature(_Odd.plain) == (("self", "value", "record"), None)


def test_date_cells_are_the_librarys():
    """`core.tables.DateColumn` writes a date as the library's template (`{{ value|date:format }}`) does."""
    import datetime as dt
    from zoneinfo import ZoneInfo

    from django.utils import timezone

    from zhenwu.core.tables import DateColumn

    values = [dt.date(2024, 2, 29), dt.datetime(2024, 3, 5, 23, 30, tzinfo=ZoneInfo("UTC")),
              dt.datetime(2024, 12, 31, 20, 0, tzinfo=timezone.get_current_timezone()), dt.datetime(2025, 1, 1, 8, 5)]
    for fmt in ("Y-m-d", "Y-m-d H:i", "Y年n月j日"):
        table_class = type("Dates", (tables.Table,), {"ours": DateColumn(format=fmt, accessor="v"),
                                                      "theirs": tables.DateColumn(format=fmt, accessor="v")})
        dated = [v for v in values if "H" not in fmt or isinstance(v, dt.datetime)]
        for row in table_class([{"v": v} for v in dated]).rows:
            assert str(row.get_cell("ours")) == str(row.get_cell("theirs")), (fmt, row.record)
