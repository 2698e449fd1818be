"""Reading the pre-computed ledger aggregates (`models.LedgerCount`, `models.LedgerSum`) and what each entry
contributes to them. The writes are `actions.record_aggregates` / `actions.rebuild_aggregates`.

`stats_many(kinds, org, period)` gives the same `LedgerStats` as `ledgers.stats` does from the entries, but reads
totals, states, closed counts and every report figure — those with a field condition (`where`) too, from the rows
of their item — from the aggregate rows of `org` itself (its code, exactly: one index range per period, a few
hundred rows for the county's year). Only overdue entries (they depend on today) are counted from the entries, in
one query answered from an index of the open ones.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import CharField, Count, Value
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


def conditioned(kind) -> list[dict]:
    """The kind's report figures with a field condition: each has aggregate rows of its own (`item` = its key)."""
    report = kind.report or {}
    return [item for item in report.get("counts", []) + report.get("sums", []) if item.get("where")]


def item_of(figure: dict) -> str:
    """The `item` of the aggregate rows a report figure is read from: its own key when it has a field condition,
    "" (every entry) otherwise."""
    return figure["key"] if figure.get("where") else ""


def contribution(entry) -> tuple | None:
    """(org code, kind id, state, month, {item: 1}, {(item, numeric field): value}) of a saved entry: item "" for
    every entry, and the key of each conditioned report figure the entry meets."""
    from zhenwu.ledgers.stats import where_met

    if entry is None or entry.pk is None:
        return None
    data = entry.data if isinstance(entry.data, dict) else {}
    counts, figures = {"": 1}, {}
    for key in numeric_fields(entry.kind):
        v = _number(data.get(key))
        if v is not None:
            figures[("", key)] = v
    for item in conditioned(entry.kind):
        if where_met(item["where"], data):
            if "field" not in item:
                counts[item["key"]] = 1
            elif ("", item["field"]) in figures:
                figures[(item["key"], item["field"])] = figures[("", item["field"])]
    return (entry.org.code, entry.kind_id, entry.status, entry.occurred_on.replace(day=1), counts, figures)


def stored_contribution(pk) -> tuple | None:
    """The contribution of the entry as it is in the database now (before an edit changes it)."""
    from zhenwu.ledgers.models import LedgerEntry

    entry = LedgerEntry.objects.select_related("org", "kind").filter(pk=pk).first()
    return contribution(entry)


def stats_many(kinds, org, period=None, today: dt.date | None = None) -> dict:
    """`ledgers.stats.stats_many` from the aggregates (same answer; see the module's docstring)."""
    from zhenwu.core.periods import Period
    from zhenwu.ledgers.models import LedgerEntry
    from zhenwu.ledgers.stats import Figure, LedgerStats, _basis, _kinds_filter, add_rates, sum_figure

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
    wanted_fields = {(k.pk, item_of(item), item["field"])
                     for k in kinds for item in (k.report or {}).get("sums", [])}
    # counts and the wanted sums in ONE query (a UNION ALL; a count row has no field)
    rows = LedgerCount.objects.filter(org_code=org.code, kind_id__in=ids)
    sum_rows = LedgerSum.objects.filter(org_code=org.code, kind_id__in=ids,
                                        field__in=sorted({f for _, _, f in wanted_fields}) or [""])
    if period is not None:
        rows, sum_rows = rows.filter(month__lte=period.end), sum_rows.filter(month__lte=period.end)
    rows = rows.annotate(f=Value("", output_field=CharField())).values_list("kind_id", "item", "status", "month",
                                                                             "f", "n")
    sum_rows = sum_rows.values_list("kind_id", "item", "status", "month", "field", "total")
    # {(kind id, item): {state: n}}, in the period and (for "new" figures) occurred within the period itself
    states: dict[tuple[int, str], dict[str, int]] = {}
    new_states: dict[tuple[int, str], dict[str, int]] = {}
    sums: dict[tuple[int, str, str], list[tuple[str, dt.date, Decimal]]] = {}
    for kind_id, item, status, month, f, n in rows.order_by().union(sum_rows.order_by(), all=True):
        if not n or not in_period(by_kind[kind_id], month):
            continue
        if f:
            if (kind_id, item, f) in wanted_fields:
                sums.setdefault((kind_id, item, f), []).append((status, month, Decimal(n)))
            continue
        n = int(n)
        pool = states.setdefault((kind_id, item), {})
        pool[status] = pool.get(status, 0) + n
        if period is None or month >= start:
            pool = new_states.setdefault((kind_id, item), {})
            pool[status] = pool.get(status, 0) + n

    # What the aggregates cannot answer: entries overdue today (open, deadline passed), by kind. One range of the
    # open entries' index, each kind's own period rule applied in the count: read from the index alone (the
    # rules as OR'd filters made PostgreSQL visit the table, 15,692 pages for the county's year).
    open_due = LedgerEntry.objects.within(org).filter(kind_id__in=ids, closed=False, deadline__lt=today)
    if period is not None:
        open_due = open_due.filter(occurred_on__lte=period.end)
    overdue = dict(open_due.order_by().values("kind_id")
                   .annotate(n=Count("kind_id", filter=_kinds_filter(kinds, period))).values_list("kind_id", "n"))

    results = {}
    for kind in kinds:
        report = kind.report or {}
        by_state = {s: n for s, n in states.get((kind.pk, ""), {}).items() if n}
        done = set(kind.done_states)
        result = LedgerStats(kind=kind, org_code=org.code, period=period, total=sum(by_state.values()),
                             closed=sum(n for s, n in by_state.items() if s in done),
                             overdue=overdue.get(kind.pk, 0), by_state=by_state)
        for item in report.get("counts", []):
            pools = new_states if item.get("new") and period is not None else states
            pool = pools.get((kind.pk, item_of(item)), {})
            wanted = item.get("states")
            value = sum(n for s, n in pool.items() if not wanted or s in wanted)
            result.figures[item["key"]] = Figure(item["key"], item["label"], value, item.get("unit", ""))
        for item in report.get("sums", []):
            wanted, new = item.get("states"), item.get("new") and period is not None
            raw = sum((v for s, m, v in sums.get((kind.pk, item_of(item), item["field"]), [])
                       if (not wanted or s in wanted) and (not new or m >= start)), Decimal(0))
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
    for kind_id, status, n in LedgerCount.objects.filter(org_code=org.code, item="").values_list(
            "kind_id", "status", "n"):
        if status not in done.get(kind_id, ()):
            total += n
    entries = LedgerEntry.objects.visible_to(user, within=org) if user is not None else LedgerEntry.objects.within(org)
    overdue = entries.filter(closed=False, deadline__lt=today).count()
    return total, overdue
