"""Where a section's figures come from. Each source answers `metric(name)` with a Figure (value, how it is
written, and its provenance: source, computation, query, the records behind it) or None when there is no data.

Indicators come from `zhenwu.indicators.services`, ledger statistics from `zhenwu.ledgers.stats`, projects and
tasks from `plans`. Every aggregate runs in the database, and a report pays for each kind of figure once:
`ReportData` reads the outline's items up front and answers every figure of every section from a few batched
queries (the indicator catalogue in one, all values through `services.values_many`, one statistics call per
ledger kind); the records behind the figures (provenance) are fetched at the end, one windowed query per
source type (`ReportData.attach_records`).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Protocol

from django.db.models import Count, F, Q, Sum, Window
from django.db.models.functions import RowNumber
from django.urls import NoReverseMatch, reverse

from zhenwu.core.periods import Period
from zhenwu.indicators import services as indicator_services
from zhenwu.indicators.models import DataValue, Indicator
from zhenwu.ledgers import stats as ledger_stats
from zhenwu.ledgers.models import LedgerEntry, LedgerKind
from zhenwu.plans.models import Project, ProjectProgress

from zhenwu.core import fmt

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
    # which records stand behind the figure, filled in by ReportData.attach_records (not stored)
    fetch: tuple = field(default=(), repr=False)

    def as_json(self) -> dict:
        d = asdict(self)
        d.pop("fetch")
        d["value"] = None if self.value is None else str(self.value)
        return d


class FigureSource(Protocol):
    def metric(self, name: str) -> Figure | None: ...


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


def _walk_items(params, found: dict) -> None:
    """Collect the indicator codes and ledger kinds an outline's params name (items, groups, first_of, sources)."""
    if isinstance(params, dict):
        if isinstance(params.get("indicator"), str):
            found["indicators"].add(params["indicator"])
        if isinstance(params.get("ledger"), str):
            found["ledgers"].add(params["ledger"])
        for value in params.values():
            _walk_items(value, found)
    elif isinstance(params, list):
        for value in params:
            _walk_items(value, found)


class ReportData:
    """The figures a report (or one section) needs for one org and period, loaded in batches on first use."""

    def __init__(self, org, period: Period, params: list[dict] | None = None):
        self.org, self.period = org, period
        wanted = {"indicators": set(), "ledgers": set()}
        _walk_items(params or [], wanted)
        self._codes, self._kind_codes = wanted["indicators"], wanted["ledgers"]
        self._indicators: dict[str, Indicator] | None = None
        self._values: dict | None = None
        self._targets: dict | None = None
        self._kinds: dict[str, LedgerKind] | None = None
        self._ledger_stats: dict = {}
        self._projects: dict = {}

    # ---- indicators ----
    def indicator(self, code: str) -> Indicator | None:
        if self._indicators is None:
            self._indicators = Indicator.objects.in_bulk(sorted(self._codes), field_name="code")
        if code not in self._indicators and code not in self._codes:  # not in the outline: load it too
            self._codes.add(code)
            self._values = self._targets = None
            self._indicators.update(Indicator.objects.in_bulk([code], field_name="code"))
        return self._indicators.get(code)

    def value(self, code: str, period: Period) -> Decimal | None:
        if self._values is None:
            p = self.period
            inds = [self._indicators[c] for c in sorted(self._codes) if c in self._indicators]
            self._values = indicator_services.values_many(inds, [self.org], [p, p.last_year(), p.cumulative()])
        return self._values.get((code, self.org.pk, period.code))

    def target(self, code: str) -> Decimal | None:
        if self._targets is None:
            inds = [self._indicators[c] for c in sorted(self._codes) if c in self._indicators]
            self._targets = indicator_services.targets_many(inds, self.org, self.period.year)
        return self._targets.get(code)

    # ---- ledgers ----
    def kind(self, code: str) -> LedgerKind | None:
        if self._kinds is None:
            self._kinds = {k.code: k for k in LedgerKind.objects.filter(code__in=sorted(self._kind_codes))}
        if code not in self._kinds and code not in self._kind_codes:
            self._kind_codes.add(code)
            self._kinds.update({k.code: k for k in LedgerKind.objects.filter(code=code)})
        return self._kinds.get(code)

    def ledger_entries(self, kind: LedgerKind, filters: dict):
        """The entries a figure counts: the org's subtree, the kind's period rule (flow or stock), the item's filter."""
        qs = LedgerEntry.objects.within(self.org).filter(kind=kind).filter(ledger_stats.period_filter(kind, self.period))
        for key, value in filters.items():
            qs = qs.filter(**{f"data__{key}": value})
        return qs

    def ledger_stats(self, kind: LedgerKind, filters: dict):
        key = (kind.code, json.dumps(filters, sort_keys=True, ensure_ascii=False))
        if key not in self._ledger_stats:
            if filters:
                self._ledger_stats[key] = ledger_stats.summarize(kind, self.ledger_entries(kind, filters), self.period,
                                                                 org_code=self.org.code)
            else:  # every kind of the outline not computed yet, in one batch (two queries)
                kinds = {k.code: k for k in (self._kinds or {}).values()} | {kind.code: kind}
                todo = [k for code, k in kinds.items() if (code, "{}") not in self._ledger_stats]
                for code, result in ledger_stats.stats_many(todo, self.org, self.period).items():
                    self._ledger_stats[(code, "{}")] = result
        return self._ledger_stats[key]

    # ---- projects ----
    def projects(self, filters: dict | None) -> ProjectSource:
        key = json.dumps(filters, sort_keys=True, ensure_ascii=False)
        if key not in self._projects:
            self._projects[key] = ProjectSource(self.org, self.period, filters)
        return self._projects[key]

    # ---- provenance ----
    def attach_records(self, figures: list[Figure]) -> None:
        """Fill in the records behind every figure: one query for all indicator figures, one for all ledger
        figures (a window function keeps the first MAX_RECORDS rows of each partition)."""
        by_type: dict[str, list[Figure]] = {}
        for fig in figures:
            if fig.fetch and not fig.records:
                by_type.setdefault(fig.fetch[0], []).append(fig)
        if by_type.get("indicator"):
            self._indicator_records(by_type["indicator"])
        if by_type.get("ledger"):
            self._ledger_records(by_type["ledger"])

    def _indicator_records(self, figures: list[Figure]) -> None:
        ids = sorted({f.fetch[1] for f in figures})
        years = sorted({y for f in figures for y in f.fetch[2]})
        units = {ind.pk: ind.unit for ind in self._indicators.values()}
        rows = (
            DataValue.objects.filter(indicator__in=ids, year__in=years).within(self.org)
            .annotate(rn=Window(RowNumber(), partition_by=[F("indicator_id"), F("year")],
                                order_by=[F("org__code").asc(), F("period").asc()]))
            .filter(rn__lte=MAX_RECORDS)
            .select_related("org")
        )
        found: dict[tuple[int, int], list] = {}
        for v in rows:
            found.setdefault((v.indicator_id, v.year), []).append(v)
        for part in found.values():
            part.sort(key=lambda v: (v.org.code, v.period))
        for fig in figures:
            _, pk, fig_years = fig.fetch
            picked = [v for y in sorted(fig_years, reverse=True) for v in found.get((pk, y), [])][:MAX_RECORDS]
            fig.records = [f"{v.org.name} {v.period_obj.label}：{fmt.trimmed(v.value, 4)}{units.get(pk, '')}"
                           for v in picked]

    def _ledger_records(self, figures: list[Figure]) -> None:
        groups: dict[str, list[Figure]] = {}
        for fig in figures:
            groups.setdefault(fig.fetch[2], []).append(fig)
        for filters_key, figs in groups.items():
            filters = json.loads(filters_key)
            kinds = {self._kinds[f.fetch[1]].pk: self._kinds[f.fetch[1]] for f in figs}
            cond = Q()
            for kind in kinds.values():
                cond |= Q(kind=kind) & ledger_stats.period_filter(kind, self.period)
            qs = LedgerEntry.objects.within(self.org).filter(cond)
            for key, value in filters.items():
                qs = qs.filter(**{f"data__{key}": value})
            rows = (
                qs.annotate(rn=Window(RowNumber(), partition_by=[F("kind_id")],
                                      order_by=[F("occurred_on").desc(), F("id").desc()]))
                .filter(rn__lte=MAX_RECORDS)
                .values_list("kind_id", "occurred_on", "id", "ref", "title", "status")
            )
            found: dict[int, list] = {}
            for row in sorted(rows, key=lambda r: (r[1], r[2]), reverse=True):
                found.setdefault(row[0], []).append(row)
            code_to_pk = {k.code: pk for pk, k in kinds.items()}
            for fig in figs:
                fig.records = [f"{ref or pk} {title}（{status}）"
                               for _, _, pk, ref, title, status in found.get(code_to_pk[fig.fetch[1]], [])]


class IndicatorSource:
    """value / yoy / last / completion / target of one indicator for one org and period."""

    def __init__(self, code: str, org, period: Period, unit: str | None = None, places: int | None = None,
                 data: ReportData | None = None):
        self.code, self.org, self.period, self.unit, self.places = code, org, period, unit, places
        self.data = data or ReportData(org, period, [{"indicator": code}])
        self._indicator = self.data.indicator(code)

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
        years = tuple(sorted({p.year for p in periods}))
        qs = (
            DataValue.objects.filter(indicator=self._indicator, year__in=list(years))
            .within(self.org)
            .select_related("org")
            .order_by("-year", "org__code", "period")
        )
        return {
            "source": {"type": "indicator", "code": self.code, "name": self._indicator.name, "org": self.org.code,
                       "org_name": self.org.name, "period": self.period.code},
            "computation": computation,
            "query": _sql(qs[:MAX_RECORDS]),
            "url": _url("indicator_grid", f"indicator={self.code}&period={self.period.code}"),
            "fetch": ("indicator", self._indicator.pk, years),
        }

    def metric(self, name: str) -> Figure | None:
        if self._indicator is None:
            return None
        label = self._indicator.name
        this, last = self.period, self.period.last_year()
        if name == "value":
            v = self.data.value(self.code, this)
            if v is None:
                return None
            return Figure(name, v, self._write(v), label, **self._provenance(
                f"indicators.services.value（{self.org.name}，{this.label}）：本级数值，无则按月/季汇总、公式或下级汇总", [this]))
        if name == "last":
            v = self.data.value(self.code, last)
            if v is None:
                return None
            return Figure(name, v, self._write(v), f"{label}（上年同期）", **self._provenance(
                f"indicators.services.value（{self.org.name}，{last.label}）", [last]))
        if name == "yoy":
            current, previous = self.data.value(self.code, this), self.data.value(self.code, last)
            growth = indicator_services.growth(current, previous)
            if growth is None:
                return None
            rate = indicator_services.growth(current, previous)
            return Figure(name, growth, fmt.growth(rate), f"{label}同比", **self._provenance(
                f"同比 =（{this.label} {fmt.trimmed(current, 4)} − {last.label} "
                f"{fmt.trimmed(previous, 4)}）÷ {fmt.trimmed(previous, 4)} × 100%", [this, last]))
        if name in ("completion", "target"):
            comp = indicator_services.completion_of(self.data.value(self.code, this.cumulative()), self.data.target(self.code))
            v = comp.rate if name == "completion" else comp.target
            if v is None:
                return None
            text = fmt.percent(v) if name == "completion" else self._write(v)
            return Figure(name, v, text, f"{label}{'完成率' if name == 'completion' else '目标'}", **self._provenance(
                f"完成率 = 累计完成 {fmt.trimmed(comp.value or 0, 4)} ÷ 年度目标 {fmt.trimmed(comp.target or 0, 4)} × 100%",
                [this]))
        return None


class LedgerSource:
    """Statistics of one ledger kind for an org's subtree and a period (`zhenwu.ledgers.stats`): total, closed,
    open, closure_rate, state:<code> counts, sum:<field> totals of the numeric fields the kind's report sums, and
    figure:<key>, any figure the kind's `report` section defines (its counts, sums and rates)."""

    def __init__(self, kind: str, org, period: Period, filters: dict | None = None, data: ReportData | None = None):
        self.kind, self.org, self.period, self.filters = kind, org, period, filters or {}
        self.data = data or ReportData(org, period, [{"ledger": kind}])

    def stats(self):
        """The kind's LedgerStats, or None for a kind the ledger app does not know (no data, nothing said)."""
        kind = self.data.kind(self.kind)
        return None if kind is None else self.data.ledger_stats(kind, self.filters)

    def _sum(self, key: str, stats) -> Decimal | None:
        for item in (stats.kind.report or {}).get("sums", []):
            if key in (item.get("field"), item.get("key")):
                return stats.figures[item["key"]].value
        return None

    def metric(self, name: str) -> Figure | None:
        stats = self.stats()
        if stats is None or not stats.total:
            return None
        total, closed = stats.total, stats.closed or 0
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
            n = stats.by_state.get(name[6:])
            if not n:
                return None
            value, text, how = Decimal(n), fmt.count(n), f"状态为“{name[6:]}”的条数"
        elif name.startswith("sum:"):
            value = self._sum(name[4:], stats)
            if value is None:
                return None
            text, how = fmt.trimmed(value, 2), f"字段“{name[4:]}”之和"
        elif name.startswith("figure:"):
            fig = stats.figures.get(name[7:])
            # A count or sum of zero is not worth a sentence; a rate of 0% is (its base is not zero).
            if fig is None or fig.value is None or (fig.kind != "rate" and not fig.value):
                return None
            value = Decimal(fig.value)
            if fig.kind == "rate":
                text = fmt.percent(value)
            elif fig.unit == "元":
                text = fmt.money(value)
            else:
                text = fmt.trimmed(value, 2)
            how = f"台账“{stats.kind.name}”的统计项“{fig.label}”"
        else:
            return None
        qs = self.data.ledger_entries(stats.kind, self.filters)
        return Figure(
            name, value, text, f"{self.kind} {how}",
            source={"type": "ledger", "kind": self.kind, "org": self.org.code, "org_name": self.org.name,
                    "period": self.period.code, "filter": self.filters},
            computation=f"{how}（{self.org.name}及下级，{self.period.start}至{self.period.end}）",
            query=_sql(qs.values("status").annotate(n=Count("id"))),
            url=_url("ledger_entry_list", f"kind={self.kind}"),
            fetch=("ledger", self.kind, json.dumps(self.filters, sort_keys=True, ensure_ascii=False)),
        )


class ProjectSource:
    """Key projects of an org's subtree for the period's year: count, planned (总投资), year_plan, done, done_rate."""

    def __init__(self, org, period: Period, filters: dict | None = None):
        self.org, self.period = org, period
        self.qs = Project.objects.within(org).filter(year=period.year, **(filters or {"key": True}))
        last_month = f"{period.year}-{period.last_month:02d}"
        self.done_qs = ProjectProgress.objects.filter(project__in=self.qs, period__gte=f"{period.year}-01",
                                                      period__lte=last_month)
        self._agg = self._done = self._rows = None

    def _figures(self):
        if self._agg is None:
            self._agg = self.qs.aggregate(n=Count("id"), planned=Sum("planned_investment"), year_plan=Sum("year_plan"))
            self._done = self.done_qs.aggregate(s=Sum("investment_done"))["s"] if self._agg["n"] else None
        return self._agg, self._done

    def _records(self) -> list[str]:
        if self._rows is None:
            self._rows = [f"{p.name}：计划总投资{fmt.money(p.planned_investment) if p.planned_investment else '—'}"
                          for p in self.qs[:MAX_RECORDS]]
        return self._rows

    def metric(self, name: str) -> Figure | None:
        agg, done = self._figures()
        if not agg["n"]:
            return None
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
        return Figure(
            name, value, text, f"重点项目{how}",
            source={"type": "projects", "org": self.org.code, "org_name": self.org.name, "period": self.period.code},
            computation=f"{how}（{self.org.name}及下级，{self.period.year}年重点项目）",
            query=_sql(self.done_qs if name in ("done", "done_rate") else self.qs), records=self._records(),
            url=_url("project_list", f"year={self.period.year}"),
        )


def source_for(item: dict, org, period: Period, data: ReportData | None = None) -> FigureSource | None:
    """The source an outline item names: {"indicator": code} | {"ledger": kind, "filter": {}} | {"projects": {}}."""
    data = data or ReportData(org, period, [item])
    if "indicator" in item:
        return IndicatorSource(item["indicator"], org, period, item.get("unit"), item.get("places"), data)
    if "ledger" in item:
        return LedgerSource(item["ledger"], org, period, item.get("filter"), data)
    if "projects" in item:
        return data.projects(item.get("projects") or None)
    return None
