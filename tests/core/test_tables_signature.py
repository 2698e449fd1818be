"""The signatures django-tables2 asks for every cell are remembered per function (`core.tables._remembering`) and
are what the library's own inspection gives, for bound and plain functions alike."""

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
