"""Progress that updates itself: a task bound to an indicator (its cumulative value from January) or to a ledger
(the entries registered from January), measured against the task's quantified target."""

from __future__ import annotations

from decimal import Decimal

from zhenwu.core.periods import Period

from .models import Binding, Task


def bound_value(task: Task, period: str) -> Decimal | None:
    """The bound figure for `task`'s unit from January to the end of `period`, or None (unbound, no data)."""
    p = Period.parse(period)
    to_date = Period(p.year, 1, p.last_month)
    if task.binding == Binding.INDICATOR and task.indicator_code:
        from zhenwu.indicators.models import Indicator
        from zhenwu.indicators.services import value

        indicator = Indicator.objects.filter(code=task.indicator_code).first()
        return value(indicator, task.org, to_date) if indicator is not None else None
    if task.binding == Binding.LEDGER and task.ledger_kind:
        from zhenwu.ledgers.models import LedgerKind
        from zhenwu.ledgers.stats import stats_many

        if not LedgerKind.objects.filter(code=task.ledger_kind).exists():
            return None
        return Decimal(stats_many([task.ledger_kind], task.org, to_date)[task.ledger_kind].total)
    return None
