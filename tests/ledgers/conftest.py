import datetime as dt

import pytest


@pytest.fixture
def make_entry(org):
    """A fresh entry of `kind` in the named unit (created as the system, through the app's one write path)."""
    from zhenwu.ledgers import actions
    from zhenwu.ledgers.models import LedgerKind

    def make(unit="泉湖村", kind="safety_hazard", title="测试隐患：加油站灭火器过期", **data):
        data = data or {"place": "泉湖加油站", "severity": "一般隐患", "source": "自查"}
        return actions.create_entry(None, LedgerKind.objects.get(code=kind), org(unit), title=title,
                                    occurred_on=dt.date(2024, 5, 6), data=data)

    return make
