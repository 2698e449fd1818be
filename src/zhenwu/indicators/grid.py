"""The entry grid: indicators × months / quarters / years of one org, or × the org's units for one period."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from html import escape

from zhenwu.core import fmt
from zhenwu.core.models import Level, OrgUnit
from zhenwu.core.periods import Period

from . import services
from .actions import Cell, parse_number, write_blocks
from .models import Category, DataValue, Frequency, Indicator

MODES = [("month", "月报"), ("quarter", "季报"), ("year", "年报（近三年）"), ("org", "按村（社区）")]
CHILD_LEVELS = [Level.TOWN, Level.STREET, Level.VILLAGE, Level.COMMUNITY]


@dataclass
class Column:
    org: OrgUnit
    period: Period
    label: str
    block: str | None = None  # why the user cannot write here

    @property
    def editable(self) -> bool:
        return self.block is None

    @cached_property
    def label_html(self) -> str:
        return escape(self.label)  # once per column, not once per cell


@dataclass
class GridCell:
    name: str
    column: Column
    text: str = ""  # the value in the display unit, as shown in the input
    derived: str = ""  # a computed figure shown as a placeholder when nothing is stored
    last: str = ""  # last year's stored figure, for the 5× check in the browser
    value: DataValue | None = None
    error: str = ""
    warning: str = ""


@dataclass
class GridRow:
    indicator: Indicator
    cells: list[GridCell] = field(default_factory=list)
    summary: str = ""
    growth: str = ""


def default_year(org, annual: bool = False) -> int:
    """The year of the working period (`core.workperiod`): every area shows the same year unless the page names
    one."""
    from zhenwu.core.workperiod import current_year

    return current_year()


class Grid:
    def __init__(self, user, org, mode: str, year: int, period: Period | None, category: str | None):
        self.user, self.org, self.mode, self.year = user, org, mode, year
        self.period = period or Period.parse(str(year))
        self.category = category
        self.columns = self._columns()
        indicators = Indicator.objects.all()
        if category:
            indicators = indicators.filter(category=category)
        if mode in (Frequency.MONTH, Frequency.QUARTER):
            indicators = indicators.filter(frequency=mode)
        self.indicators = list(indicators)
        self.rows = self._rows()

    @property
    def title(self) -> str:
        if self.mode == "org":
            return f"{self.org.name} · {self.period.label} · 各单位"
        return f"{self.org.name} · {self.year}年 · {dict(MODES)[self.mode]}"

    @property
    def summary_label(self) -> str:
        return {"org": "汇总（下级合计）", "year": f"{self.year}年同比"}.get(self.mode, "全年（累计）")

    @property
    def has_growth(self) -> bool:
        return self.mode in ("month", "quarter")

    growth_label = "累计同比"

    def _columns(self) -> list[Column]:
        org, year = self.org, self.year
        if self.mode == "month":
            cols = [Column(org, p, f"{p.first_month}月") for p in Period.parse(str(year)).months()]
        elif self.mode == "quarter":
            cols = [Column(org, Period.parse(f"{year}Q{q}"), f"{q}季度") for q in range(1, 5)]
        elif self.mode == "year":
            cols = [Column(org, Period.parse(str(y)), f"{y}年") for y in range(year - 2, year + 1)]
        else:
            children = OrgUnit.objects.visible_to(self.user).filter(parent=org, level__in=CHILD_LEVELS)
            cols = [Column(org, self.period, f"{org.name}（本级）")]
            cols += [Column(c, self.period, c.name) for c in children]
        blocks = write_blocks(self.user, ((c.org, c.period) for c in cols))
        for c in cols:
            c.block = blocks[(c.org.pk, c.period)]
        return cols

    def _rows(self) -> list[GridRow]:
        orgs = {c.org.pk for c in self.columns}
        periods = {c.period.code for c in self.columns}
        stored = {
            (v.indicator_id, v.org_id, v.period): v
            for v in DataValue.objects.filter(indicator__in=self.indicators, org__in=orgs, period__in=periods).select_related(
                "updated_by"
            )
        }
        last = dict(
            (((ind, o, p), v) for ind, o, p, v in DataValue.objects.filter(
                indicator__in=self.indicators, org__in=orgs, period__in={Period.parse(p).last_year().code for p in periods}
            ).values_list("indicator_id", "org_id", "period", "value"))
        )
        # Only indicators with some figure in the subtree that year can have a computed placeholder.
        with_data = set(
            DataValue.objects.within(self.org).filter(indicator__in=self.indicators, year__in={Period.parse(p).year for p in periods})
            .values_list("indicator_id", flat=True).order_by().distinct()  # unordered: DISTINCT of the ids alone
        )
        # Computed figures (placeholders and the summary column), every one of them in a few batched queries.
        computed = [i for i in self.indicators if i.pk in with_data or i.formula]
        derived = services.values_many(computed, {c.org for c in self.columns}, {c.period for c in self.columns}) \
            if self.mode in ("year", "org") and computed else {}
        self._summaries = self._summaries_of(computed)
        # 同比 beside the months and quarters: the months reported so far against the same months last year
        self._growths = {i.pk: fmt.growth(services.yoy(i, self.org, self.year).growth, prefix="")
                         for i in computed} if self.mode in ("month", "quarter") else {}
        # what each column's cells share, worked out once (a town's grid has 1,764 cells)
        columns = [(col, col.org.pk, col.period.code, col.period.last_year().code) for col in self.columns]
        placeholders = self.mode in ("year", "org")
        rows = []
        for ind in self.indicators:
            row, pk, code = GridRow(ind), ind.pk, ind.code
            derivable = placeholders and pk in with_data
            for col, org_pk, period, last_period in columns:
                dv = stored.get((pk, org_pk, period))
                before = last.get((pk, org_pk, last_period))
                cell = GridCell(
                    name=f"v|{pk}|{org_pk}|{period}",
                    column=col,
                    text=fmt.trimmed(ind.to_display(dv.value), 12) if dv else "",  # exact, so an untouched cell posts back equal
                    last=fmt.trimmed(ind.to_display(before), 4) if before is not None else "",
                    value=dv,
                )
                if dv is None and derivable:
                    figure = derived.get((code, org_pk, period))
                    cell.derived = fmt.trimmed(ind.to_display(figure), 4) if figure is not None else ""
                row.cells.append(cell)
            row.summary = self._summaries.get(pk, "—")
            row.growth = self._growths.get(pk, "—")
            rows.append(row)
        return rows

    def _summaries_of(self, indicators: list[Indicator]) -> dict[int, str]:
        """The last column: the children's roll-up (by unit), 同比 (by year), the whole year (months, quarters)."""
        if not indicators:
            return {}
        if self.mode == "org":
            children = list(OrgUnit.objects.filter(parent=self.org))
            found = services.values_many(indicators, children, [self.period])
            return {i.pk: services.display(i, services.combine(
                i.aggregation, [(c, found[(i.code, c.pk, self.period.code)]) for c in children])) for i in indicators}
        if self.mode == "year":
            found = services.yoy_many(indicators, self.org, str(self.year))
            return {i.pk: fmt.growth(found[i.code].growth, prefix="") for i in indicators}
        year = Period.parse(str(self.year))
        found = services.values_many(indicators, [self.org], [year])
        return {i.pk: services.display(i, found[(i.code, self.org.pk, year.code)]) for i in indicators}

    def cells_from_post(self, data) -> list[Cell]:
        """Cells the user changed (the posted text differs from what is stored), in grid order."""
        changed = []
        for row in self.rows:
            for gc in row.cells:
                if gc.name not in data:
                    continue
                raw = data.get(gc.name, "").strip()
                stored = gc.value.value if gc.value else None
                if _same(row.indicator, raw, stored):
                    continue
                gc.text = raw
                changed.append(
                    Cell(row.indicator, gc.column.org, gc.column.period, raw, where=f"{row.indicator.name} · {gc.column.label}")
                )
        return changed

    def mark(self, outcome) -> None:
        for row in self.rows:
            for gc in row.cells:
                key = f"{row.indicator.pk}|{gc.column.org.pk}|{gc.column.period.code}"
                gc.error = outcome.errors.get(key, "")
                gc.warning = outcome.warnings.get(key, "")

    def table(self) -> tuple[list[str], list[list]]:
        """Header and rows for an .xlsx export of what the page shows."""
        header = ["指标", "单位", *[c.label for c in self.columns], self.summary_label]
        if self.has_growth:
            header.append(self.growth_label)
        body = []
        for row in self.rows:
            values = [
                row.indicator.to_display(gc.value.value) if gc.value else (Decimal(gc.derived) if gc.derived else None)
                for gc in row.cells
            ]
            body.append([row.indicator.name, row.indicator.shown_unit, *values, row.summary,
                         *([row.growth] if self.has_growth else [])])
        return header, body


def _same(indicator, raw: str, stored: Decimal | None) -> bool:
    if not raw:
        return stored is None
    if stored is None:
        return False
    try:
        return indicator.from_display(parse_number(raw)) == stored
    except ValueError:
        return False


CATEGORIES = Category.choices
