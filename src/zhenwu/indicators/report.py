"""Indicator figures for reports ({"indicator": code}): value / last / yoy / completion / target of one indicator
for the report's org and period, every value of an outline resolved in one batch (`services.values_many`)."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import F, Window
from django.db.models.functions import RowNumber

from zhenwu.core import fmt
from zhenwu.core.periods import YEAR, Period
from zhenwu.core.reporting import MAX_RECORDS, Figure, FigureSet, page_url, sql_of

from . import services
from .models import DataValue, Indicator


class IndicatorFigures(FigureSet):
    """The indicators an outline names, their values for the period, last year and to date, and their targets."""

    def __init__(self, data, items):
        super().__init__(data, items)
        self._codes = {i["indicator"] for i in items if isinstance(i.get("indicator"), str)}
        self._indicators: dict[str, Indicator] | None = None
        self._values: dict | None = None
        self._targets: dict | None = None
        self._estimates: dict | None = None

    def source(self, item: dict) -> IndicatorSource | None:
        return IndicatorSource(self, item["indicator"], item.get("unit"), item.get("places"))

    def indicator(self, code: str) -> Indicator | None:
        if self._indicators is None:
            self._indicators = Indicator.objects.in_bulk(sorted(self._codes), field_name="code")
        if code not in self._indicators and code not in self._codes:  # not in the outline: load it too
            self._codes.add(code)
            self._values = self._targets = None
            self._indicators.update(Indicator.objects.in_bulk([code], field_name="code"))
        return self._indicators.get(code)

    def _loaded(self) -> list[Indicator]:
        return [self._indicators[c] for c in sorted(self._codes) if c in self._indicators]

    def value(self, code: str, period: Period) -> Decimal | None:
        if self._values is None:
            p = self.period
            periods = [p, p.last_year(), p.cumulative()]
            if p.kind != YEAR:  # a progress report also reads last year's whole year (its seasonal share)
                periods.append(Period.parse(str(p.year - 1)))
            self._values = services.values_many(self._loaded(), [self.org], periods)
        return self._values.get((code, self.org.pk, period.code))

    def estimate(self, code: str) -> Decimal | None:
        """The clerk's own estimate of the whole year: a value stored for the year whose note starts with 预计."""
        if self._estimates is None:
            rows = DataValue.objects.filter(indicator__in=[i.pk for i in self._loaded()], org=self.org,
                                            period=str(self.period.year), note__startswith="预计")
            by_pk = {i.pk: i.code for i in self._loaded()}
            self._estimates = {by_pk[r.indicator_id]: r.value for r in rows}
        return self._estimates.get(code)

    def target(self, code: str) -> Decimal | None:
        if self._targets is None:
            self._targets = services.targets_many(self._loaded(), self.org, self.period.year)
        return self._targets.get(code)

    def attach_records(self, figures: list[Figure]) -> None:
        """The stored values behind every figure in one query (a window keeps MAX_RECORDS per indicator × year)."""
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
            fig.records = [f"{v.org.name} {v.period_obj.label}：{fmt.quantity(v.value, units.get(pk, ''), 4)}"
                           for v in picked]


class IndicatorSource:
    """One outline item's indicator: `unit` (万元/亿元, "auto") and `places` say how the item writes it."""

    def __init__(self, figures: IndicatorFigures, code: str, unit: str | None = None, places: int | None = None):
        self.figures, self.code, self.unit, self.places = figures, code, unit, places
        self.org, self.period = figures.org, figures.period
        self._indicator = figures.indicator(code)

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
            "query": sql_of(qs[:MAX_RECORDS]),
            "url": page_url("indicator_grid", f"indicator={self.code}&period={self.period.code}"),
            "fetch": ("indicator", self._indicator.pk, years),
        }

    def metric(self, name: str) -> Figure | None:
        if self._indicator is None:
            return None
        label = self._indicator.name
        this, last = self.period, self.period.last_year()
        value = self.figures.value
        if name == "value":
            v = value(self.code, this)
            if v is None:
                return None
            return Figure(name, v, self._write(v), label, **self._provenance(
                f"indicators.services.value（{self.org.name}，{this.label}）：本级数值，无则按月/季汇总、公式或下级汇总", [this]))
        if name == "last":
            v = value(self.code, last)
            if v is None:
                return None
            return Figure(name, v, self._write(v), f"{label}（上年同期）", **self._provenance(
                f"indicators.services.value（{self.org.name}，{last.label}）", [last]))
        if name == "yoy":
            current, previous = value(self.code, this), value(self.code, last)
            rate = services.growth(current, previous)
            if rate is None:
                return None
            return Figure(name, rate, fmt.growth(rate), f"{label}同比", **self._provenance(
                f"同比 =（{this.label} {fmt.trimmed(current, 4)} − {last.label} "
                f"{fmt.trimmed(previous, 4)}）÷ {fmt.trimmed(previous, 4)} × 100%", [this, last]))
        if name in ("forecast", "forecast_method"):
            return self._forecast(name)
        if name in ("completion", "target"):
            comp = services.completion_of(value(self.code, this.cumulative()), self.figures.target(self.code))
            v = comp.rate if name == "completion" else comp.target
            if v is None:
                return None
            text = fmt.percent(v) if name == "completion" else self._write(v)
            return Figure(name, v, text, f"{label}{'完成率' if name == 'completion' else '目标'}", **self._provenance(
                f"完成率 = 累计完成 {fmt.trimmed(comp.value or 0, 4)} ÷ 年度目标 {fmt.trimmed(comp.target or 0, 4)} × 100%",
                [this]))
        return None

    # 预计全年 of a 1–N月 report: the clerk's own estimate if stored, else last year's seasonal share, else pro rata.
    FORECAST_METHODS = {"estimate": "单位预估", "seasonal": "按上年同期占全年比重推算", "pro_rata": "按已过月份平均推算"}

    def _forecast(self, name: str) -> Figure | None:
        this = self.period
        if this.kind == YEAR or this.first_month != 1 or self._indicator.unit == "%":
            return None
        so_far = self.figures.value(self.code, this)
        if so_far is None:
            return None
        last_part = self.figures.value(self.code, this.last_year())
        last_year = self.figures.value(self.code, Period.parse(str(this.year - 1)))
        estimate = self.figures.estimate(self.code)
        months = this.last_month
        if estimate is not None:
            method, value = "estimate", estimate
            how = f"预计全年 = 单位填报的{this.year}年预计数 {fmt.trimmed(estimate, 4)}"
        elif last_part and last_year:
            method, value = "seasonal", so_far * last_year / last_part
            how = (f"预计全年 = 1—{months}月累计 {fmt.trimmed(so_far, 4)} ÷（上年同期 {fmt.trimmed(last_part, 4)} ÷ "
                   f"上年全年 {fmt.trimmed(last_year, 4)}）")
        else:
            method, value = "pro_rata", so_far * 12 / months
            how = f"预计全年 = 1—{months}月累计 {fmt.trimmed(so_far, 4)} × 12 ÷ {months}"
        label = self._indicator.name
        if name == "forecast_method":
            return Figure(name, None, self.FORECAST_METHODS[method], f"{label}预计全年的推算方法",
                          **self._provenance(how, [this]))
        return Figure(name, value, self._write(value), f"{label}预计全年", **self._provenance(how, [this]))
