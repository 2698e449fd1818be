"""Ledger statistics: the one query API behind dashboards, list totals, the REST API and the report writer.

`stats(kind, org, period)` → `LedgerStats`: entries per state, closed and overdue counts, and the figures the
kind's `report` section defines (counts with state/field conditions, sums of numeric fields, rates between
them). Everything is aggregated in the database in two queries (one aggregate, one GROUP BY status); JSON
keys are read with KeyTextTransform and cast to DECIMAL, which works on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, DecimalField, Q, Sum
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast
from django.utils import timezone

from zhenwu.core.periods import Period

from .models import LedgerEntry, LedgerKind


@dataclass
class Figure:
    key: str
    label: str
    value: Decimal | int | None
    unit: str = ""
    kind: str = "count"  # count | sum | rate

    @property
    def text(self) -> str:
        from .fields import format_money

        if self.value is None:
            return "—"
        if self.unit == "元":
            return format_money(Decimal(self.value))
        if self.kind == "rate":
            return f"{self.value}%"
        value = self.value.normalize() if isinstance(self.value, Decimal) else self.value
        return f"{value:f}{self.unit}" if isinstance(value, Decimal) else f"{value}{self.unit}"


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


def _condition(item: dict, period: Period | None) -> Q:
    q = Q()
    if item.get("states"):
        q &= Q(status__in=item["states"])
    where = item.get("where")
    if where:
        if where.get("present"):
            q &= Q(data__has_key=where["field"])
        if where.get("in"):
            q &= Q(**{f"data__{where['field']}__in": where["in"]})
    if item.get("new") and period is not None:
        q &= Q(occurred_on__gte=period.start)
    return q


def _decimal_places(kind: LedgerKind, key: str) -> int:
    f = kind.field(key) or {}
    return 0 if f.get("type") == "integer" else 2 if f.get("type") == "money" else f.get("decimals", 2)


def period_filter(kind: LedgerKind, period: Period | None) -> Q:
    """Flow kinds count what happened in the period; stock kinds (监测户, 救助对象) what is on the books at its end."""
    if period is None:
        return Q()
    if (kind.report or {}).get("basis") == "stock":
        return Q(occurred_on__lte=period.end)
    return Q(occurred_on__gte=period.start, occurred_on__lte=period.end)


def summarize(kind: LedgerKind, queryset, period: Period | None = None, today: dt.date | None = None,
              org_code: str = "") -> LedgerStats:
    """Statistics of `queryset` (entries of `kind`, already scoped and filtered)."""
    today = today or timezone.localdate()
    report = kind.report or {}
    qs = queryset.filter(kind=kind).order_by()
    aggregates = {
        "_total": Count("pk"),
        "_closed": Count("pk", filter=Q(closed=True)),
        "_overdue": Count("pk", filter=Q(closed=False, deadline__lt=today)),
    }
    for item in report.get("counts", []):
        aggregates[f"c_{item['key']}"] = Count("pk", filter=_condition(item, period))
    for item in report.get("sums", []):
        places = _decimal_places(kind, item["field"])
        value = Cast(KeyTextTransform(item["field"], "data"), DecimalField(max_digits=20, decimal_places=places))
        aggregates[f"s_{item['key']}"] = Sum(value, filter=_condition(item, period))
    row = qs.aggregate(**aggregates)
    result = LedgerStats(kind=kind, org_code=org_code, period=period, total=row["_total"],
                         closed=row["_closed"], overdue=row["_overdue"])
    result.by_state = dict(qs.values_list("status").annotate(n=Count("pk")))
    for item in report.get("counts", []):
        result.figures[item["key"]] = Figure(item["key"], item["label"], row[f"c_{item['key']}"], item.get("unit", ""))
    for item in report.get("sums", []):
        f = kind.field(item["field"]) or {}
        unit = item.get("unit") or ("元" if f.get("type") == "money" else f.get("unit", ""))
        raw = row[f"s_{item['key']}"]
        places = _decimal_places(kind, item["field"])
        value = Decimal(raw or 0).quantize(Decimal(1).scaleb(-places))
        result.figures[item["key"]] = Figure(item["key"], item["label"], value, unit, "sum")
    for item in report.get("rates", []):
        num, den = result.figures[item["num"]].value, result.figures[item["den"]].value
        digits = item.get("digits", 2)
        value = (Decimal(num) * 100 / Decimal(den)).quantize(Decimal(1).scaleb(-digits)) if den else None
        result.figures[item["key"]] = Figure(item["key"], item["label"], value, "%", "rate")
    return result


def stats(kind: LedgerKind | str, org, period: Period | str | None = None, today: dt.date | None = None) -> LedgerStats:
    """Statistics of one kind for an org's subtree and a period ("2023", "2023H1", "2023-05" or a Period).

    No user scope is applied here: callers pass an org the user may see (views use `request.org`, the API
    checks the org with `get_scoped_or_404`).
    """
    if isinstance(kind, str):
        kind = LedgerKind.objects.get(code=kind)
    period = Period.parse(period) if period is not None else None
    qs = LedgerEntry.objects.within(org).filter(period_filter(kind, period))
    return summarize(kind, qs, period, today, org_code=org.code)


def dashboard_cards(org, user) -> list[dict]:
    """Dashboard: open ledger cases and overdue ones (flagged) in the org's subtree."""
    from django.urls import reverse

    row = LedgerEntry.objects.visible_to(user, within=org).filter(closed=False).aggregate(
        open=Count("pk"), overdue=Count("pk", filter=Q(deadline__lt=timezone.localdate()))
    )
    url = reverse("ledger_entry_list")
    return [
        {"label": "在办台账", "value": row["open"], "url": f"{url}?open=true"},
        {"label": "逾期台账", "value": row["overdue"], "url": f"{url}?overdue=true", "alert": row["overdue"] > 0},
    ]
