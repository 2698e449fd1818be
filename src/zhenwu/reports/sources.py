"""Where a section's figures come from. Each source answers `metric(name)` with a Figure (value, how it is
written, and its provenance: source, computation, query, the records behind it) or None when there is no data.

Indicators come from `zhenwu.indicators.services`; ledger statistics from `zhenwu.ledgers.stats` when that
module is installed (else a fallback aggregate over the ledger entries); projects and tasks from `plans`.
Every aggregate runs in the database.
"""

from __future__ import annotations

import importlib
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Protocol

from django.db.models import Count, Q, Sum
from django.urls import NoReverseMatch, reverse

from zhenwu.core.periods import Period

from . import fmt

MAX_RECORDS = 12


@dataclass
class Figure:
    metric: str
    value: Decimal | None
    text: str
    label: str
    source: dict
    computation: str
    query: str = ""
    records: list[str] = field(default_factory=list)
    url: str = ""

    def as_json(self) -> dict:
        d = asdict(self)
        d["value"] = None if self.value is None else str(self.value)
        return d


class FigureSource(Protocol):
    def metric(self, name: str) -> Figure | None: ...


def _optional(module: str):
    try:
        return importlib.import_module(module)
    except ImportError:
        return None


def _url(name: str, query: str = "") -> str:
    try:
        return reverse(name) + (f"?{query}" if query else "")
    except NoReverseMatch:
        return ""


def _sql(qs) -> str:
    try:
        return str(qs.query)
    except Exception:  # noqa: BLE001 - an unprintable query is shown as absent, never breaks a report
        return ""


class IndicatorSource:
    """value / yoy / last / completion / target of one indicator for one org and period."""

    def __init__(self, code: str, org, period: Period, unit: str | None = None, places: int | None = None):
        self.code, self.org, self.period, self.unit, self.places = code, org, period, unit, places
        self._services = _optional("zhenwu.indicators.services")
        self._indicator = None
        if self._services is not None:
            from zhenwu.indicators.models import Indicator

            self._indicator = Indicator.objects.filter(code=code).first()
        self._cmp = None

    def _comparison(self):
        if self._cmp is None:
            self._cmp = self._services.yoy(self._indicator, self.org, self.period)
        return self._cmp

    def _write(self, amount: Decimal) -> str:
        """Money in the indicator's display unit (or the item's `unit`; "auto" picks 万元/亿元); a percentage
        with its sign; any other figure bare, the template writes its unit word (次, 个, 户…)."""
        ind = self._indicator
        if ind.unit == "元":
            unit = self.unit or ind.display_unit or "元"
            return fmt.money(amount, None if unit == "auto" else unit, self.places)
        if ind.unit == "%":
            return fmt.percent(amount, 1 if self.places is None else self.places)
        return fmt.trimmed(amount, 2 if self.places is None else self.places)

    def _provenance(self, computation: str, periods: list[Period]) -> dict:
        from zhenwu.indicators.models import DataValue

        qs = (
            DataValue.objects.filter(indicator=self._indicator, year__in=[p.year for p in periods])
            .within(self.org)
            .select_related("org")
            .order_by("-year", "org__code", "period")
        )
        rows = [f"{v.org.name} {v.period_obj.label}：{fmt.trimmed(v.value, 4)}{self._indicator.unit}" for v in qs[:MAX_RECORDS]]
        return {
            "source": {"type": "indicator", "code": self.code, "name": self._indicator.name, "org": self.org.code,
                       "org_name": self.org.name, "period": self.period.code},
            "computation": computation,
            "query": _sql(qs),
            "records": rows,
            "url": _url("indicator_grid", f"indicator={self.code}&period={self.period.code}"),
        }

    def metric(self, name: str) -> Figure | None:
        if self._indicator is None:
            return None
        label = self._indicator.name
        s = self._services
        if name == "value":
            v = self._comparison().current
            if v is None:
                return None
            return Figure(name, v, self._write(v), label, **self._provenance(
                f"indicators.services.value（{self.org.name}，{self.period.label}）：本级数值，无则按月/季汇总、公式或下级汇总", [self.period]))
        if name == "last":
            v = self._comparison().previous
            if v is None:
                return None
            return Figure(name, v, self._write(v), f"{label}（上年同期）", **self._provenance(
                f"indicators.services.value（{self.org.name}，{self.period.last_year().label}）", [self.period.last_year()]))
        if name == "yoy":
            c = self._comparison()
            if c.growth is None:
                return None
            rate = fmt.yoy_rate(c.current, c.previous)
            return Figure(name, c.growth, fmt.growth(rate), f"{label}同比", **self._provenance(
                f"同比 =（{self.period.label} {fmt.trimmed(c.current, 4)} − {self.period.last_year().label} "
                f"{fmt.trimmed(c.previous, 4)}）÷ {fmt.trimmed(c.previous, 4)} × 100%",
                [self.period, self.period.last_year()]))
        if name in ("completion", "target"):
            comp = s.completion(self._indicator, self.org, self.period)
            v = comp.rate if name == "completion" else comp.target
            if v is None:
                return None
            text = fmt.percent(v) if name == "completion" else self._write(v)
            return Figure(name, v, text, f"{label}{'完成率' if name == 'completion' else '目标'}", **self._provenance(
                f"完成率 = 累计完成 {fmt.trimmed(comp.value or 0, 4)} ÷ 年度目标 {fmt.trimmed(comp.target or 0, 4)} × 100%",
                [self.period]))
        return None


class LedgerSource:
    """Statistics of one ledger kind for an org's subtree and a period: total, closed, open, closure_rate,
    state:<code> counts and sum:<field> totals of numeric fields."""

    def __init__(self, kind: str, org, period: Period, filters: dict | None = None):
        self.kind, self.org, self.period, self.filters = kind, org, period, filters or {}
        self._stats = None

    def _queryset(self):
        models = _optional("zhenwu.ledgers.models")
        if models is None:
            return None
        qs = models.LedgerEntry.objects.within(self.org).filter(
            kind__code=self.kind, occurred_on__gte=self.period.start, occurred_on__lte=self.period.end
        )
        for key, value in self.filters.items():
            qs = qs.filter(**{f"data__{key}": value})
        return qs

    def stats(self) -> dict | None:
        """{'total', 'closed', 'by_state': {code: n}, 'sums': {field: Decimal}} or None without ledgers."""
        if self._stats is not None:
            return self._stats
        qs = self._queryset()
        if qs is None:
            return None
        provider = _optional("zhenwu.ledgers.stats")
        if provider is not None and hasattr(provider, "stats") and not self.filters:
            try:
                result = provider.stats(self.kind, self.org, self.period)
            except Exception:  # noqa: BLE001 - a kind the ledger app does not know: no data, nothing said
                result = None
            self._stats = _normalise(result) if result is not None else None
        else:
            totals = qs.aggregate(total=Count("id"), closed=Count("id", filter=Q(closed=True)))
            by_state = dict(qs.order_by().values_list("status").annotate(n=Count("id")))
            self._stats = {"total": totals["total"], "closed": totals["closed"], "by_state": by_state, "sums": {}}
        return self._stats

    def _sum(self, key: str) -> Decimal | None:
        qs = self._queryset()
        stats = self.stats() or {}
        if key in (stats.get("sums") or {}):
            return stats["sums"][key]
        from django.db.models import DecimalField
        from django.db.models.fields.json import KeyTextTransform
        from django.db.models.functions import Cast

        total = qs.aggregate(s=Sum(Cast(KeyTextTransform(key, "data"), DecimalField(max_digits=20, decimal_places=4))))["s"]
        return total

    def metric(self, name: str) -> Figure | None:
        stats = self.stats()
        if not stats or not stats.get("total"):
            return None
        total, closed = stats["total"], stats.get("closed") or 0
        if name == "total":
            value, text, how = Decimal(total), fmt.count(total), "登记总数"
        elif name == "closed":
            value, text, how = Decimal(closed), fmt.count(closed), "已办结（终态）数"
        elif name == "open":
            value, text, how = Decimal(total - closed), fmt.count(total - closed), "未办结数"
        elif name == "closure_rate":
            value = Decimal(closed) * 100 / Decimal(total)
            text, how = fmt.percent(value), f"办结率 = 已办结 {closed} ÷ 总数 {total} × 100%"
        elif name.startswith("state:"):
            n = (stats.get("by_state") or {}).get(name[6:])
            if not n:
                return None
            value, text, how = Decimal(n), fmt.count(n), f"状态为“{name[6:]}”的条数"
        elif name.startswith("sum:"):
            value = self._sum(name[4:])
            if value is None:
                return None
            text, how = fmt.trimmed(value, 2), f"字段“{name[4:]}”之和"
        else:
            return None
        qs = self._queryset()
        records = [f"{e.ref or e.pk} {e.title}（{e.status}）" for e in qs.order_by("-occurred_on")[:MAX_RECORDS]]
        return Figure(
            name, value, text, f"{self.kind} {how}",
            source={"type": "ledger", "kind": self.kind, "org": self.org.code, "org_name": self.org.name,
                    "period": self.period.code, "filter": self.filters},
            computation=f"{how}（{self.org.name}及下级，{self.period.start}至{self.period.end}）",
            query=_sql(qs.values("status").annotate(n=Count("id"))), records=records,
            url=_url("ledger_entry_list", f"kind={self.kind}"),
        )


def _normalise(result) -> dict:
    """Accept the ledger app's stats as a dict or an object with the same names."""
    get = (lambda k, d=None: result.get(k, d)) if isinstance(result, dict) else (lambda k, d=None: getattr(result, k, d))
    by_state = get("by_state") or get("counts") or {}
    total = get("total")
    if total is None:
        total = sum(by_state.values())
    return {"total": total, "closed": get("closed") or 0, "by_state": by_state, "sums": get("sums") or {}}


class ProjectSource:
    """Key projects of an org's subtree for the period's year: count, planned (总投资), year_plan, done, done_rate."""

    def __init__(self, org, period: Period, filters: dict | None = None):
        from zhenwu.plans.models import Project

        self.org, self.period = org, period
        self.qs = Project.objects.within(org).filter(year=period.year, **(filters or {"key": True}))

    def metric(self, name: str) -> Figure | None:
        from zhenwu.plans.models import ProjectProgress

        last_month = f"{self.period.year}-{self.period.last_month:02d}"
        done_qs = ProjectProgress.objects.filter(project__in=self.qs, period__gte=f"{self.period.year}-01",
                                                 period__lte=last_month)
        agg = self.qs.aggregate(n=Count("id"), planned=Sum("planned_investment"), year_plan=Sum("year_plan"))
        if not agg["n"]:
            return None
        done = done_qs.aggregate(s=Sum("investment_done"))["s"]
        if name == "count":
            value, text, how = Decimal(agg["n"]), fmt.count(agg["n"]), "项目个数"
        elif name in ("planned", "year_plan"):
            value = agg[name]
            if value is None:
                return None
            text, how = fmt.money(value), "计划总投资之和" if name == "planned" else "年度计划投资之和"
        elif name == "done":
            if done is None:
                return None
            value, text, how = done, fmt.money(done), f"1月至{self.period.last_month}月完成投资之和"
        elif name == "done_rate":
            if done is None or not agg["year_plan"]:
                return None
            value = done * 100 / agg["year_plan"]
            text, how = fmt.percent(value), "完成投资 ÷ 年度计划投资 × 100%"
        else:
            return None
        rows = [f"{p.name}：计划总投资{fmt.money(p.planned_investment) if p.planned_investment else '—'}"
                for p in self.qs[:MAX_RECORDS]]
        return Figure(
            name, value, text, f"重点项目{how}",
            source={"type": "projects", "org": self.org.code, "org_name": self.org.name, "period": self.period.code},
            computation=f"{how}（{self.org.name}及下级，{self.period.year}年重点项目）",
            query=_sql(done_qs if name in ("done", "done_rate") else self.qs), records=rows,
            url=_url("project_list", f"year={self.period.year}"),
        )


def source_for(item: dict, org, period: Period) -> FigureSource | None:
    """The source an outline item names: {"indicator": code} | {"ledger": kind, "filter": {}} | {"projects": {}}."""
    if "indicator" in item:
        return IndicatorSource(item["indicator"], org, period, item.get("unit"), item.get("places"))
    if "ledger" in item:
        return LedgerSource(item["ledger"], org, period, item.get("filter"))
    if "projects" in item:
        return ProjectSource(org, period, item.get("projects") or None)
    return None
