import datetime as dt

import pytest

from zhenwu.core.audit import acting_as


@pytest.fixture
def make_entry(org):
    """A fresh entry of `kind` in the named unit (created as the system, through save_new)."""
    from zhenwu.ledgers.models import LedgerEntry, LedgerKind

    def make(unit="泉湖村", kind="safety_hazard", title="测试隐患：加油站灭火器过期", **data):
        data = data or {"place": "泉湖加油站", "severity": "一般隐患", "source": "自查"}
        entry = LedgerEntry(kind=LedgerKind.objects.get(code=kind), org=org(unit), title=title,
                            occurred_on=dt.date(2024, 5, 6), data=data)
        with acting_as(None):
            entry.save_new()
        return entry

    return make
