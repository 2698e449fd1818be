"""Ledger statistics: the one query API behind dashboards, list totals, the REST API and the report writer.

`stats_many(kinds, org, period)` → {kind code: `LedgerStats`}: entries per state, closed and overdue counts, and
the figures each kind's `report` section defines (counts with state/field conditions, sums of numeric fields, rates
between them). However many kinds, everything is aggregated in the database in two queries scanning the entries
once (one aggregate with a filtered Count/Sum per kind × figure, one GROUP BY kind, status); JSON keys are read
with KeyTextTransform and cast to DECIMAL, which works on SQLite and PostgreSQL alike. `stats(kind, org, period)`
is the one-kind case.

`as_of` (a past day) counts every entry in the state it was in at the end of that day: a report of a closed period
says what was true when the period ended, whatever was done since. The usual queries count the current states (and
overdue entries as of that day); the entries changed after it (`states_at`, one query on the transitions) are then
fetched and moved from their current state to that day's (`_restate_changed`): only those rows are read, however
many the period holds.
"""

from __future__ import annotations

import datetime as dt
import operator
from dataclasses import dataclass, field
from decimal import Decimal
from functools import reduce

from django.db.models import Count, DecimalField, Q, Sum
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast
from django.utils import timezone

from zhenwu.core import fmt
from zhenwu.core.periods import Period

from .models import LedgerEntry, LedgerKind, Transition


@dataclass
class Figure:
    key: str
    label: str
    value: Decimal | int | None
    unit: str = ""
    kind: str = "count"  # count | sum | rate

    @property
    def text(self) -> str:
        return fmt.quantity(self.value, "%" if self.kind == "rate" else self.unit)


@dataclass
class LedgerStats:
    kind: LedgerKind
    org_code: str
    period: Period | None
    total: int = 0
    closed: int = 0
    overdue: int = 0
    by_state: dict[str, int] = field(default_factory=dict)
    figures: dict[str, Figure] = field(default_factory=dict)

    def value(self, key: str):
        return self.figures[key].value

    def states(self) -> list[dict]:
        """Every state of the workflow in order with its count (zeros included), for tables and charts."""
        return [
            {"code": c, "label": s["label"], "color": s.get("color", "secondary"), "count": self.by_state.get(c, 0)}
            for c, s in self.kind.states.items()
        ]

    def as_dict(self) -> dict:
        return {
            "kind": self.kind.code, "org": self.org_code, "period": self.period.code if self.period else None,
            "total": self.total, "closed": self.closed, "overdue": self.overdue, "by_state": self.by_state,
            "figures": {k: {"label": f.label, "value": f.value, "unit": f.unit, "kind": f.kind, "text": f.text}
                        for k, f in self.figures.items()},
        }


def where_q(where: dict | None) -> Q:
    """A report item's field condition (`where`: the field is present / its value is one of `in`) as a filter."""
    q = Q()
    if where:
        if where.get("present"):
            q &= Q(data__has_key=where["field"])
        if where.get("in"):
            q &= Q(**{f"data__{where['field']}__in": where["in"]})
    return q


def where_met(where: dict | None, data: dict | None) -> bool:
    """`where_q` read in Python, for one entry's data (the two must say the same)."""
    if not where:
        return True
    data = data or {}
    if where.get("present") and where["field"] not in data:
        return False
    return not where.get("in") or data.get(where["field"]) in where["in"]


def _condition(item: dict, period: Period | None) -> Q:
    q = where_q(item.get("where"))
    if item.get("states"):
        q &= Q(status__in=item["states"])
    if item.get("new") and period is not None:
        q &= Q(occurred_on__gte=period.start)
    return q


def _decimal_places(kind: LedgerKind, key: str) -> int:
    f = kind.field(key) or {}
    return 0 if f.get("type") == "integer" else 2 if f.get("type") == "money" else f.get("decimals", 2)


def _basis(kind: LedgerKind) -> str:
    return "stock" if (kind.report or {}).get("basis") == "stock" else "flow"


def _basis_filter(basis: str, period: Period | None) -> Q:
    if period is None:
        return Q()
    if basis == "stock":
        return Q(occurred_on__lte=period.end)
    return Q(occurred_on__gte=period.start, occurred_on__lte=period.end)


def period_filter(kind: LedgerKind, period: Period | None) -> Q:
    """Flow kinds count what happened in the period; stock kinds (监测户, 救助对象) what is on the books at its end."""
    return _basis_filter(_basis(kind), period)


def _kinds_filter(kinds: list[LedgerKind], period: Period | None) -> Q:
    """Entries of `kinds`, each under its own period rule: one OR term per basis (flow, stock), so every row a
    query over several kinds sees already satisfies its own kind's rule and a figure only needs `kind_id = X`."""
    by_basis: dict[str, list[int]] = {}
    for kind in kinds:
        by_basis.setdefault(_basis(kind), []).append(kind.pk)
    terms = [Q(**({"kind_id": pks[0]} if len(pks) == 1 else {"kind_id__in": pks})) & _basis_filter(basis, period)
             for basis, pks in by_basis.items()]
    return reduce(operator.or_, terms)


def sum_figure(kind: LedgerKind, item: dict, raw) -> Figure:
    """A `sums` item of a kind's report as a figure: the total at the field's decimals, in its unit."""
    f = kind.field(item["field"]) or {}
    unit = item.get("unit") or ("元" if f.get("type") == "money" else f.get("unit", ""))
    value = Decimal(raw or 0).quantize(Decimal(1).scaleb(-_decimal_places(kind, item["field"])))
    return Figure(item["key"], item["label"], value, unit, "sum")


def add_rates(result: LedgerStats) -> None:
    """The `rates` items of the kind's report (num ÷ den of figures already in `result`), in percent."""
    for item in (result.kind.report or {}).get("rates", []):
        num, den = result.figures[item["num"]].value, result.figures[item["den"]].value
        digits = item.get("digits", 2)
        value = (Decimal(num) * 100 / Decimal(den)).quantize(Decimal(1).scaleb(-digits)) if den else None
        result.figures[item["key"]] = Figure(item["key"], item["label"], value, "%", "rate")


def _summarize_many(kinds: list[LedgerKind], queryset, period: Period | None, today: dt.date | None,
                    org_code: str) -> dict[str, LedgerStats]:
    """Statistics of every kind in `kinds` over `queryset` (entries already scoped and filtered, each row meeting
    its kind's period rule): ONE aggregate with a filtered Count/Sum per figure (each filter ANDed with
    `kind_id = X`), ONE GROUP BY kind, status that also counts closed and overdue entries (totals are its sums)."""
    if not kinds:
        return {}
    today = today or timezone.localdate()
    qs = queryset.filter(kind_id=kinds[0].pk) if len(kinds) == 1 else queryset.filter(kind_id__in=[k.pk for k in kinds])
    qs = qs.order_by()
    aggregates = {}
    for kind in kinds:
        own = Q(kind_id=kind.pk) if len(kinds) > 1 else Q()  # one kind: the WHERE already says it
        report, p = kind.report or {}, f"k{kind.pk}"
        for item in report.get("counts", []):
            aggregates[f"{p}_c_{item['key']}"] = Count("pk", filter=own & _condition(item, period))
        for item in report.get("sums", []):
            places = _decimal_places(kind, item["field"])
            value = Cast(KeyTextTransform(item["field"], "data"), DecimalField(max_digits=20, decimal_places=places))
            aggregates[f"{p}_s_{item['key']}"] = Sum(value, filter=own & _condition(item, period))
    row = qs.aggregate(**aggregates) if aggregates else {}
    by_state: dict[int, dict[str, int]] = {}
    counts: dict[int, list[int]] = {k.pk: [0, 0, 0] for k in kinds}  # total, closed, overdue
    for kind_id, status, n, closed, overdue in qs.values_list("kind_id", "status").annotate(
        n=Count("pk"), closed_n=Count("pk", filter=Q(closed=True)),
        overdue_n=Count("pk", filter=Q(closed=False, deadline__lt=today)),
    ):
        by_state.setdefault(kind_id, {})[status] = n
        for i, v in enumerate((n, closed, overdue)):
            counts[kind_id][i] += v
    results = {}
    for kind in kinds:
        report, p = kind.report or {}, f"k{kind.pk}"
        total, closed, overdue = counts[kind.pk]
        result = LedgerStats(kind=kind, org_code=org_code, period=period, total=total, closed=closed,
                             overdue=overdue, by_state=by_state.get(kind.pk, {}))
        for item in report.get("counts", []):
            result.figures[item["key"]] = Figure(item["key"], item["label"], row[f"{p}_c_{item['key']}"],
                                                 item.get("unit", ""))
        for item in report.get("sums", []):
            result.figures[item["key"]] = sum_figure(kind, item, row[f"{p}_s_{item['key']}"])
        add_rates(result)
        results[kind.code] = result
    return results


def summarize(kind: LedgerKind, queryset, period: Period | None = None, today: dt.date | None = None,
              org_code: str = "", as_of: dt.date | None = None) -> LedgerStats:
    """Statistics of `queryset` (entries of `kind`, already scoped and filtered)."""
    as_of = past_day(as_of)
    results = _summarize_many([kind], queryset, period, as_of or today, org_code)
    return _restate_changed([kind], queryset, period, as_of, results)[kind.code]


ROW_FIELDS = ("id", "kind_id", "ref", "title", "status", "closed", "deadline", "occurred_on", "data")


def states_at(queryset, day: dt.date) -> dict[int, str]:
    """{entry id: its state at the end of `day`} for the entries of `queryset` changed after that day: the state
    their first later transition started from (an entry recorded only later: the state it was recorded in)."""
    after = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), timezone.get_current_timezone())
    later = Transition.objects.filter(entry__in=queryset.order_by().values("pk"), at__gte=after)
    states: dict[int, str] = {}
    for entry_id, before, recorded in later.order_by("entry_id", "at", "id").values_list(
            "entry_id", "from_state", "to_state"):
        states.setdefault(entry_id, before or recorded)
    return states


def restate(rows: list[dict], kinds_by_pk: dict, states: dict[int, str]) -> None:
    """Fetched rows (`ROW_FIELDS`) put back in the states of `states_at`, closed or not by the kind's workflow."""
    for row in rows:
        state = states.get(row["id"])
        if state is not None:
            row["status"], row["closed"] = state, state in kinds_by_pk[row["kind_id"]].done_states


def past_day(day: dt.date | None) -> dt.date | None:
    """`day` if it is before today (today and later: the current states are that day's)."""
    return day if day is not None and day < timezone.localdate() else None


def _shift(result: LedgerStats, now: LedgerStats, then: LedgerStats) -> None:
    """Move the entries `now` counts (in their current states) to the states `then` counts them in."""
    result.closed += then.closed - now.closed
    result.overdue += then.overdue - now.overdue
    for state in set(now.by_state) | set(then.by_state):
        n = result.by_state.get(state, 0) + then.by_state.get(state, 0) - now.by_state.get(state, 0)
        if n:
            result.by_state[state] = n
        else:
            result.by_state.pop(state, None)
    for key, fig in result.figures.items():
        if fig.kind != "rate":
            fig.value = (fig.value or 0) + then.figures[key].value - now.figures[key].value
    add_rates(result)


def _restate_changed(kinds: list[LedgerKind], queryset, period: Period | None, as_of: dt.date | None,
                     results: dict[str, LedgerStats]) -> dict[str, LedgerStats]:
    """`results` (the current states, overdue as of `as_of`) as of that past day: the entries changed since are
    read and counted out of their current states and into that day's. Nothing to do without such a day."""
    if as_of is None:
        return results
    states = states_at(queryset, as_of)
    if not states:
        return results
    by_pk = {k.pk: k for k in kinds}
    rows = list(queryset.filter(pk__in=list(states)).order_by().values(*ROW_FIELDS))
    for kind in kinds:
        mine = [row for row in rows if row["kind_id"] == kind.pk]
        if mine:
            now = summarize_rows(kind, mine, period, as_of)
            restate(mine, by_pk, states)
            _shift(results[kind.code], now, summarize_rows(kind, mine, period, as_of))
    return results


def _row_matches(item: dict, row: dict, period: Period | None) -> bool:
    """`_condition` read in Python, for entries already fetched (the two must say the same)."""
    if item.get("states") and row["status"] not in item["states"]:
        return False
    if not where_met(item.get("where"), row["data"]):
        return False
    if item.get("new") and period is not None and row["occurred_on"] < period.start:
        return False
    return True


def summarize_rows(kind: LedgerKind, rows: list[dict], period: Period | None = None, today: dt.date | None = None,
                   org_code: str = "") -> LedgerStats:
    """The statistics `summarize` computes in the database, over entries already fetched (dicts with status,
    closed, deadline, occurred_on, data): a report splitting one query's entries into many groups."""
    today = today or timezone.localdate()
    result = LedgerStats(kind=kind, org_code=org_code, period=period, total=len(rows))
    for row in rows:
        result.by_state[row["status"]] = result.by_state.get(row["status"], 0) + 1
        result.closed += bool(row["closed"])
        result.overdue += bool(not row["closed"] and row["deadline"] and row["deadline"] < today)
    report = kind.report or {}
    for item in report.get("counts", []):
        n = sum(1 for row in rows if _row_matches(item, row, period))
        result.figures[item["key"]] = Figure(item["key"], item["label"], n, item.get("unit", ""))
    for item in report.get("sums", []):
        total = Decimal(0)
        for row in rows:
            value = (row["data"] or {}).get(item["field"])
            if value not in (None, "") and _row_matches(item, row, period):
                total += Decimal(str(value))
        result.figures[item["key"]] = sum_figure(kind, item, total)
    add_rates(result)
    return result


def stats_many(kinds, org, period: Period | str | None = None, today: dt.date | None = None,
               raw: bool = False, as_of: dt.date | None = None) -> dict[str, LedgerStats]:
    """Statistics of several kinds (LedgerKind objects or codes) for an org's subtree and a period, in a few
    queries whatever the number of kinds: {kind code: LedgerStats}, in the order of `kinds`. They are read from the
    pre-computed aggregates (`zhenwu.scale.aggregates`); `raw=True` computes them from the entries themselves.
    `as_of`: a past day, every entry counted in the state it was in then (see the module's docstring).

    No user scope is applied here: callers pass an org the user may see (views use `request.org`, the API
    checks the org with `get_scoped_or_404`).
    """
    kinds = list(kinds)
    if not kinds:
        return {}
    codes = [k for k in kinds if isinstance(k, str)]
    if codes:
        found = LedgerKind.objects.in_bulk(codes, field_name="code")
        missing = [c for c in codes if c not in found]
        if missing:
            raise LedgerKind.DoesNotExist(f"LedgerKind matching query does not exist: {', '.join(missing)}")
        kinds = [found[k] if isinstance(k, str) else k for k in kinds]
    period = Period.parse(period) if period is not None else None
    qs = LedgerEntry.objects.within(org).filter(_kinds_filter(kinds, period))
    as_of = past_day(as_of)
    today = as_of or today
    if raw:
        results = _summarize_many(kinds, qs, period, today, org_code=org.code)
    else:
        from zhenwu.scale import aggregates

        results = aggregates.stats_many(kinds, org, period, today)
    return _restate_changed(kinds, qs, period, as_of, results)


def stats(kind: LedgerKind | str, org, period: Period | str | None = None, today: dt.date | None = None,
          as_of: dt.date | None = None) -> LedgerStats:
    """Statistics of one kind for an org's subtree and a period ("2023", "2023H1", "2023-05" or a Period)."""
    if isinstance(kind, str):
        kind = LedgerKind.objects.get(code=kind)
    return stats_many([kind], org, period, today, as_of=as_of)[kind.code]


def dashboard_cards(org, user) -> list[dict]:
    """Dashboard: open ledger cases and overdue ones (flagged) in the org's subtree."""
    from django.urls import reverse

    from zhenwu.scale.aggregates import open_counts

    opened, overdue = open_counts(org, user)
    row = {"open": opened, "overdue": overdue}
    url = reverse("ledger_entry_list")
    return [
        {"label": "在办台账", "value": row["open"], "url": f"{url}?open=true"},
        {"label": "逾期台账", "value": row["overdue"], "url": f"{url}?overdue=true", "alert": row["overdue"] > 0},
    ]
