"""The one query service for indicator figures: dashboards, the API, exports and the report writer use it.

`value(indicator, org, period)` resolves a figure in this order:
  1. the value stored for exactly that org and period;
  2. the org's own finer values inside the period (months, else quarters, else halves): summed for `sum`
     indicators, otherwise the latest one (a rate or per-capita figure is never summed over time);
  3. the indicator's formula over other indicators for the same org and period;
  4. the roll-up of the direct children by the aggregation rule: sum, average, population-weighted ratio
     (per-capita figures are never summed), or nothing for `none`.
Aggregates run in the database (aggregate/annotate). Callers pass orgs already checked against the user's
scope (request.org or get_scoped_or_404): this module computes, it does not decide who may see what.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, DecimalField, ExpressionWrapper, F, Q, Sum

from zhenwu.core.models import OrgUnit
from zhenwu.core.periods import Period

from . import formula as formulas
from .models import Aggregation, DataValue, Indicator, Target
from .units import plain

_MONEY = DecimalField(max_digits=30, decimal_places=4)
_CENT = Decimal("0.01")


def _indicator(indicator) -> Indicator:
    return indicator if isinstance(indicator, Indicator) else Indicator.objects.get(code=indicator)


def _stored(indicator, org, period: Period) -> Decimal | None:
    return (
        DataValue.objects.filter(indicator=indicator, org=org, period=period.code).values_list("value", flat=True).first()
    )


def _finer(indicator: Indicator, org, period: Period) -> Decimal | None:
    """Step 2: the org's own sub-period values inside `period`, at the finest granularity that has any."""
    rows = (
        DataValue.objects.filter(
            indicator=indicator, org=org, year=period.year,
            first_month__gte=period.first_month, last_month__lte=period.last_month,
        )
        .exclude(period=period.code)
        .annotate(span=F("last_month") - F("first_month"))
    )
    if indicator.aggregation == Aggregation.SUM:
        groups = rows.values("span").annotate(total=Sum("value")).order_by("span")
        first = groups.first()
        return first["total"] if first else None
    latest = rows.order_by("-last_month", "-span").values_list("value", flat=True).first()
    return latest


def _children_aggregate(indicator: Indicator, parents, period: Period) -> dict[int, Decimal]:
    """Step 4 for many parents at once: one grouped query over the children's stored values."""
    agg = indicator.aggregation
    if agg == Aggregation.NONE:
        return {}
    rows = DataValue.objects.filter(indicator=indicator, period=period.code, org__parent__in=parents)
    if agg == Aggregation.SUM:
        grouped = rows.values("org__parent").annotate(result=Sum("value"))
    elif agg == Aggregation.AVERAGE:
        grouped = rows.values("org__parent").annotate(result=Avg("value"))
    else:  # per-capita / ratio: weight each child by its population, never add the figures up
        weighted = ExpressionWrapper(F("value") * F("org__population"), output_field=_MONEY)
        grouped = (
            rows.filter(org__population__gt=0)
            .values("org__parent")
            .annotate(weighted=Sum(weighted), people=Sum("org__population"))
        )
        # The two sums come from the database; the one division is done in Decimal (SQLite divides integers).
        return {g["org__parent"]: Decimal(g["weighted"]) / g["people"] for g in grouped if g["people"]}
    return {g["org__parent"]: Decimal(g["result"]) for g in grouped if g["result"] is not None}


def rollup(indicator, org, period) -> Decimal | None:
    """The figure for `org` built from its direct children (step 4 alone)."""
    indicator, period = _indicator(indicator), Period.parse(period)
    if indicator.aggregation == Aggregation.NONE:
        return None
    found = _children_aggregate(indicator, [org.pk], period)
    if org.pk in found:
        return found[org.pk]
    # No child stored this exact period: resolve each child (they may have finer or deeper values),
    # but only when something below holds a figure for that year at all.
    below = DataValue.objects.filter(indicator=indicator, year=period.year, org__code__startswith=org.code).exclude(org=org)
    if not below.exists():
        return None
    children = list(OrgUnit.objects.filter(parent=org))
    values = {c.pk: value(indicator, c, period) for c in children}
    present = [(c, v) for c in children if (v := values[c.pk]) is not None]
    if not present:
        return None
    if indicator.aggregation == Aggregation.SUM:
        return sum((v for _, v in present), Decimal(0))
    if indicator.aggregation == Aggregation.AVERAGE:
        return sum((v for _, v in present), Decimal(0)) / len(present)
    weighted = [(v, c.population) for c, v in present if c.population]
    people = sum(p for _, p in weighted)
    return sum((v * p for v, p in weighted), Decimal(0)) / people if people else None


def value(indicator, org, period, _depth: int = 0) -> Decimal | None:
    indicator, period = _indicator(indicator), Period.parse(period)
    stored = _stored(indicator, org, period)
    if stored is not None:
        return stored
    if period.kind != "month":
        finer = _finer(indicator, org, period)
        if finer is not None:
            return finer
    if indicator.formula and _depth < 5:
        result = formulas.evaluate(indicator.formula, lambda code: value(code, org, period, _depth + 1))
        if result is not None:
            return result
    return rollup(indicator, org, period)


def values_by_org(indicator, orgs, period) -> dict[int, Decimal | None]:
    """`value` for many orgs (e.g. every village of a town): stored and roll-up figures in two queries."""
    indicator, period = _indicator(indicator), Period.parse(period)
    orgs = list(orgs)
    result = dict(
        DataValue.objects.filter(indicator=indicator, period=period.code, org__in=orgs).values_list("org_id", "value")
    )
    missing = [o for o in orgs if o.pk not in result]
    if missing and not indicator.formula:
        result.update(_children_aggregate(indicator, [o.pk for o in missing], period))
    for o in orgs:
        if o.pk not in result:
            result[o.pk] = value(indicator, o, period)
    return result


def series(indicator, org, periods) -> list[tuple[Period, Decimal | None]]:
    """`value` for one org over several periods (a trend), stored figures in one query."""
    indicator = _indicator(indicator)
    periods = [Period.parse(p) for p in periods]
    stored = dict(
        DataValue.objects.filter(indicator=indicator, org=org, period__in=[p.code for p in periods]).values_list(
            "period", "value"
        )
    )
    return [(p, stored[p.code] if p.code in stored else value(indicator, org, p)) for p in periods]


def cumulative(indicator, org, period) -> Decimal | None:
    """累计 1–N月: January up to the end of `period`."""
    return value(indicator, org, Period.parse(period).cumulative())


def growth(current: Decimal | None, previous: Decimal | None) -> Decimal | None:
    if current is None or previous in (None, 0):
        return None
    return ((Decimal(current) - previous) / abs(previous) * 100).quantize(_CENT, ROUND_HALF_UP)


@dataclass
class Comparison:
    current: Decimal | None
    previous: Decimal | None
    growth: Decimal | None  # percent, e.g. 9.80


def yoy(indicator, org, period) -> Comparison:
    """同比: against the same period one year earlier."""
    period = Period.parse(period)
    current = value(indicator, org, period)
    previous = value(indicator, org, period.last_year())
    return Comparison(current, previous, growth(current, previous))


def target(indicator, org, year: int) -> Decimal | None:
    indicator = _indicator(indicator)
    stored = Target.objects.filter(indicator=indicator, org=org, year=year).values_list("value", flat=True).first()
    if stored is not None or indicator.aggregation != Aggregation.SUM:
        return stored
    # A town without its own target: the sum of its children's targets.
    return Target.objects.filter(indicator=indicator, org__parent=org, year=year).aggregate(t=Sum("value"))["t"]


@dataclass
class Completion:
    value: Decimal | None
    target: Decimal | None
    rate: Decimal | None  # percent of the year's target reached, e.g. 121.60


def completion(indicator, org, period) -> Completion:
    """完成率: the figure to date (cumulative to the period's end) against the year's target."""
    period = Period.parse(period)
    done = cumulative(indicator, org, period)
    goal = target(indicator, org, period.year)
    rate = (Decimal(done) / goal * 100).quantize(_CENT, ROUND_HALF_UP) if done is not None and goal else None
    return Completion(done, goal, rate)


def coverage(indicator, org, period) -> tuple[int, int]:
    """How many direct children reported the figure for the period, out of how many."""
    period = Period.parse(period)
    total = OrgUnit.objects.filter(parent=org).aggregate(
        n=Count("id"),
        reported=Count("id", filter=Q(datavalue__indicator=_indicator(indicator), datavalue__period=period.code)),
    )
    return total["reported"], total["n"]


def fmt(indicator, amount: Decimal | None, with_unit: bool = True) -> str:
    """A stored figure as a report writes it: 1367300000 元 → 13.673 亿元 (display unit, no trailing zeros)."""
    indicator = _indicator(indicator)
    if amount is None:
        return "—"
    shown = indicator.to_display(amount)
    text = plain(shown, 4 if abs(shown) < 100 else 2)
    return f"{text}{indicator.shown_unit}" if with_unit else text


def fmt_growth(rate: Decimal | None) -> str:
    if rate is None:
        return "—"
    return f"{'+' if rate > 0 else ''}{plain(rate, 2)}%"
