"""Reading the pre-computed ledger aggregates (`models.LedgerCount`, `models.LedgerSum`) and what each entry
contributes to them. The writes are `actions.record_aggregates` / `actions.rebuild_aggregates`.

`stats_many(kinds, org, period)` gives the same `LedgerStats` as `ledgers.stats` does from the entries, but reads
totals, states, closed counts, state-conditioned counts and sums from the aggregate rows of `org` itself (its code,
exactly: one index range per period, a few hundred rows for the county's year). What the aggregates cannot answer
— figures conditioned on a field's value, and overdue entries (they depend on today) — is one query over the entries
with only those figures in it.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import CharField, Count, Q, Sum, Value
from django.utils import timezone

NUMERIC = ("integer", "decimal", "money")


def ancestors(code: str) -> list[str]:
    """The unit's code and every code above it (a county is 6 digits, each level below adds 3)."""
    return [code[:n] for n in range(6, len(code) + 1, 3)] or [code]


def numeric_fields(kind) -> list[str]:
    return [f["key"] for f in kind.fields if f["type"] in NUMERIC]


def _number(value) -> Decimal | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        return Decimal(str(value))
    except ArithmeticError:
        return None


def contribution(entry) -> tuple | None:
    """(org code, kind id, state, month, {numeric field: value}) of a saved entry."""
    if entry is None or entry.pk is None:
        return None
    data = entry.data if isinstance(entry.data, dict) else {}
    figures = {}
    for key in numeric_fields(entry.kind):
        v = _number(data.get(key))
        if v is not None:
            figures[key] = v
    return (entry.org.code, entry.kind_id, entry.status, entry.occurred_on.replace(day=1), figures)


def stored_contribution(pk) -> tuple | None:
    """The contribution of the entry as it is in the database now (before an edit changes it)."""
    from zhenwu.ledgers.models import LedgerEntry

    entry = LedgerEntry.objects.select_related("org", "kind").filter(pk=pk).first()
    return contribution(entry)


def _derivable(item: dict) -> bool:
    return not item.get("where")


def stats_many(kinds, org, period=None, today: dt.date | None = None) -> dict:
    """`ledgers.stats.stats_many` from the aggregates (same answer; see the module's docstring)."""
    from zhenwu.core.periods import Period
    from zhenwu.ledgers.models import LedgerEntry
    from zhenwu.ledgers.stats import (Figure, LedgerStats, _basis, _condition, _decimal_places, _kinds_filter,
                                      add_rates, sum_figure)

    from .models import LedgerCount, LedgerSum

    kinds = list(kinds)
    if not kinds:
        return {}
    period = Period.parse(period) if period is not None else None
    today = today or timezone.localdate()
    ids = [k.pk for k in kinds]
    start = period.start.replace(day=1) if period is not None else None

    def in_period(kind, month) -> bool:
        if period is None:
            return True
        if month > period.end:
            return False
        return _basis(kind) == "stock" or month >= start

    by_kind = {k.pk: k for k in kinds}
    wanted_fields = {(k.pk, item["field"]) for k in kinds for item in (k.report or {}).get("sums", [])}
    # counts and the wanted sums in ONE query (a UNION ALL; a count row has no field)
    rows = LedgerCount.objects.filter(org_code=org.code, kind_id__in=ids)
    sum_rows = LedgerSum.objects.filter(org_code=org.code, kind_id__in=ids,
                                        field__in=sorted({f for _, f in wanted_fields}) or [""])
    if period is not None:
        rows, sum_rows = rows.filter(month__lte=period.end), sum_rows.filter(month__lte=period.end)
    rows = rows.annotate(f=Value("", output_field=CharField())).values_list("kind_id", "status", "month", "f", "n")
    sum_rows = sum_rows.values_list("kind_id", "status", "month", "field", "total")
    states: dict[int, dict[str, int]] = {k.pk: {} for k in kinds}
    new_states: dict[int, dict[str, int]] = {k.pk: {} for k in kinds}  # occurred within the period itself
    sums: dict[tuple[int, str], list[tuple[str, dt.date, Decimal]]] = {}
    for kind_id, status, month, f, n in rows.order_by().union(sum_rows.order_by(), all=True):
        if not n or not in_period(by_kind[kind_id], month):
            continue
        if f:
            if (kind_id, f) in wanted_fields:
                sums.setdefault((kind_id, f), []).append((status, month, Decimal(n)))
            continue
        n = int(n)
        states[kind_id][status] = states[kind_id].get(status, 0) + n
        if period is None or month >= start:
            new_states[kind_id][status] = new_states[kind_id].get(status, 0) + n

    # What the aggregates cannot answer: field-conditioned figures and overdue entries, in one query.
    live = {}
    qs = LedgerEntry.objects.within(org).filter(_kinds_filter(kinds, period)).order_by()
    for kind in kinds:
        report, p = kind.report or {}, f"k{kind.pk}"
        own = Q(kind_id=kind.pk)
        for item in report.get("counts", []):
            if not _derivable(item):
                live[f"{p}_c_{item['key']}"] = Count("pk", filter=own & _condition(item, period))
        for item in report.get("sums", []):
            if not _derivable(item):
                from django.db.models import DecimalField
                from django.db.models.fields.json import KeyTextTransform
                from django.db.models.functions import Cast

                places = _decimal_places(kind, item["field"])
                value = Cast(KeyTextTransform(item["field"], "data"), DecimalField(max_digits=20, decimal_places=places))
                live[f"{p}_s_{item['key']}"] = Sum(value, filter=own & _condition(item, period))
        live[f"{p}_overdue"] = Count("pk", filter=own & Q(closed=False, deadline__lt=today))
    found = qs.aggregate(**live)

    results = {}
    for kind in kinds:
        report, p = kind.report or {}, f"k{kind.pk}"
        by_state = {s: n for s, n in states[kind.pk].items() if n}
        done = set(kind.done_states)
        result = LedgerStats(kind=kind, org_code=org.code, period=period, total=sum(by_state.values()),
                             closed=sum(n for s, n in by_state.items() if s in done),
                             overdue=found[f"{p}_overdue"], by_state=by_state)
        for item in report.get("counts", []):
            if _derivable(item):
                pool = new_states[kind.pk] if item.get("new") and period is not None else by_state
                wanted = item.get("states")
                value = sum(n for s, n in pool.items() if not wanted or s in wanted)
            else:
                value = found[f"{p}_c_{item['key']}"]
            result.figures[item["key"]] = Figure(item["key"], item["label"], value, item.get("unit", ""))
        for item in report.get("sums", []):
            if _derivable(item):
                wanted, new = item.get("states"), item.get("new") and period is not None
                raw = sum((v for s, m, v in sums.get((kind.pk, item["field"]), [])
                           if (not wanted or s in wanted) and (not new or m >= start)), Decimal(0))
            else:
                raw = found[f"{p}_s_{item['key']}"]
            result.figures[item["key"]] = sum_figure(kind, item, raw)
        add_rates(result)
        results[kind.code] = result
    return results


def open_counts(org, user=None, today: dt.date | None = None) -> tuple[int, int]:
    """(open entries, overdue entries) in the org's subtree: open from the aggregates, overdue from the entries."""
    from zhenwu.ledgers.models import LedgerEntry, LedgerKind

    from .models import LedgerCount

    today = today or timezone.localdate()
    done = {k.pk: set(k.done_states) for k in LedgerKind.objects.all()}
    total = 0
    for kind_id, status, n in LedgerCount.objects.filter(org_code=org.code).values_list("kind_id", "status", "n"):
        if status not in done.get(kind_id, ()):
            total += n
    entries = LedgerEntry.objects.visible_to(user, within=org) if user is not None else LedgerEntry.objects.within(org)
    overdue = entries.filter(closed=False, deadline__lt=today).count()
    return total, overdue
