"""The one query service for indicator figures: dashboards, the API, exports and the report writer use it.

A figure (indicator, org, period) resolves in this order — one engine, `values_many`, for one figure or
thousands (`value`, `values_by_org`, `series`, `rollup` ask it):
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

from django.db.models import Avg, DecimalField, ExpressionWrapper, F, Max, Q, Sum

from zhenwu.core import fmt
from zhenwu.core.models import OrgUnit
from zhenwu.core.periods import MONTH, Period

from . import figures
from . import formula as formulas
from .models import Aggregation, DataValue, Indicator, Target

_MONEY = DecimalField(max_digits=30, decimal_places=4)
_CENT = Decimal("0.01")


def _indicator(indicator) -> Indicator:
    return indicator if isinstance(indicator, Indicator) else Indicator.objects.get(code=indicator)


def value(indicator, org, period) -> Decimal | None:
    """The figure of one indicator for one org and period (the four steps above; `values_many` does the work)."""
    indicator, period = _indicator(indicator), Period.parse(period)
    return values_many([indicator], [org], [period])[(indicator.code, org.pk, period.code)]


def values_by_org(indicator, orgs, period) -> dict[int, Decimal | None]:
    """`value` for many orgs (e.g. every village of a town)."""
    indicator, period, orgs = _indicator(indicator), Period.parse(period), list(orgs)
    found = values_many([indicator], orgs, [period])
    return {o.pk: found[(indicator.code, o.pk, period.code)] for o in orgs}


def series(indicator, org, periods) -> list[tuple[Period, Decimal | None]]:
    """`value` for one org over several periods (a trend)."""
    indicator, periods = _indicator(indicator), [Period.parse(p) for p in periods]
    found = values_many([indicator], [org], periods)
    return [(p, found[(indicator.code, org.pk, p.code)]) for p in periods]


def rollup(indicator, org, period) -> Decimal | None:
    """The figure for `org` built from its direct children alone (step 4), e.g. a grid's 汇总 column."""
    indicator, period = _indicator(indicator), Period.parse(period)
    children = list(OrgUnit.objects.filter(parent=org))
    found = values_many([indicator], children, [period])
    return combine(indicator.aggregation, [(c, found[(indicator.code, c.pk, period.code)]) for c in children])


def combine(aggregation: str, figures: list[tuple[OrgUnit, Decimal | None]]) -> Decimal | None:
    """Children's figures rolled up by the aggregation rule: a sum, an average, or a population-weighted mean
    (per-capita figures are never summed); nothing for `none` or when no child has a figure."""
    present = [(o, v) for o, v in figures if v is not None]
    if aggregation == Aggregation.NONE or not present:
        return None
    if aggregation == Aggregation.SUM:
        return sum((v for _, v in present), Decimal(0))
    if aggregation == Aggregation.AVERAGE:
        return sum((v for _, v in present), Decimal(0)) / len(present)
    weights = [(v, o.population) for o, v in present if o.population]
    people = sum(p for _, p in weights)
    return sum((v * p for v, p in weights), Decimal(0)) / people if people else None


def cumulative(indicator, org, period) -> Decimal | None:
    """累计 1–N月: January up to the end of `period`."""
    return value(indicator, org, Period.parse(period).cumulative())


def growth(current: Decimal | None, previous: Decimal | None) -> Decimal | None:
    """同比 in percent, unrounded: whoever shows it rounds it once (`core.fmt.growth`), never twice."""
    if current is None or previous in (None, 0):
        return None
    return (Decimal(current) - Decimal(previous)) / abs(Decimal(previous)) * 100


@dataclass
class Comparison:
    current: Decimal | None
    previous: Decimal | None
    growth: Decimal | None  # percent, unrounded (9.8039…)


def covered(indicator, org, period) -> Period:
    """The part of `period` the org's figure stands for: the whole period when it is stored as such, else the
    months the finer values of the org and the units below it reach (a year reported up to June covers 1–6月,
    for the town that reports it and for the county that rolls it up)."""
    indicator, period = _indicator(indicator), Period.parse(period)
    if period.kind == MONTH or DataValue.objects.filter(indicator=indicator, org=org, period=period.code).exists():
        return period
    last = DataValue.objects.within(org).filter(
        indicator=indicator, year=period.year,
        first_month__gte=period.first_month, last_month__lte=period.last_month,
    ).aggregate(last=Max("last_month"))["last"]
    return Period(period.year, period.first_month, last) if last and last < period.last_month else period


def yoy(indicator, org, period) -> Comparison:
    """同比: against the same months one year earlier (a year reported up to June against last January–June)."""
    indicator, period = _indicator(indicator), Period.parse(period)
    current = value(indicator, org, period)
    previous = value(indicator, org, covered(indicator, org, period).last_year())
    return Comparison(current, previous, growth(current, previous))


def headline_yoy(org, year: int) -> tuple[list, dict[str, Comparison]]:
    """The headline indicators and their 同比 for `org`'s year. Kept on the org object for the request that loaded
    it, so the dashboard's cards and its chart table compute them once."""
    memo = org.__dict__.setdefault("_headline_yoy", {})
    if year not in memo:
        headline = list(Indicator.objects.filter(headline=True))
        memo[year] = headline, yoy_many(headline, org, str(year))
    return memo[year]


def yoy_many(indicators, org, period) -> dict[str, Comparison]:
    """`yoy` for many indicators of one org and period in a fixed number of queries (dashboards, the grid's
    同比 column): what each figure covers in two queries, then the figures of both years through `values_many`."""
    period = Period.parse(period)
    inds = [_indicator(i) for i in indicators]
    if not inds:
        return {}
    spans = {i.code: period for i in inds}
    if period.kind != MONTH:
        exact = set(DataValue.objects.filter(indicator__in=inds, org=org, period=period.code)
                    .values_list("indicator_id", flat=True))
        rest = [i for i in inds if i.pk not in exact]
        if rest:
            lasts = dict(DataValue.objects.within(org).filter(  # as `covered`: the org's and its units' months
                indicator__in=rest, year=period.year,
                first_month__gte=period.first_month, last_month__lte=period.last_month,
            ).values("indicator_id").annotate(last=Max("last_month")).order_by().values_list("indicator_id", "last"))
            for i in rest:
                last = lasts.get(i.pk)
                if last and last < period.last_month:
                    spans[i.code] = Period(period.year, period.first_month, last)
    previous = {code: p.last_year() for code, p in spans.items()}
    found = values_many(inds, [org], [period, *previous.values()])
    out = {}
    for i in inds:
        current = found[(i.code, org.pk, period.code)]
        before = found[(i.code, org.pk, previous[i.code].code)]
        out[i.code] = Comparison(current, before, growth(current, before))
    return out


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
    return completion_of(cumulative(indicator, org, period), target(indicator, org, period.year))


def completion_of(done: Decimal | None, goal: Decimal | None) -> Completion:
    """完成率 from a figure to date and the year's target (both already resolved, e.g. by `values_many`)."""
    rate = (Decimal(done) / goal * 100).quantize(_CENT, ROUND_HALF_UP) if done is not None and goal else None
    return Completion(done, goal, rate)


def display(indicator, amount: Decimal | None) -> str:
    """A stored figure as pages and reports write it (`core.fmt`): money by its size (1367300000 元 → 13.67亿元),
    other figures in the indicator's display unit."""
    indicator = _indicator(indicator)
    if amount is None:
        return fmt.EMPTY
    if indicator.unit == "元":
        return fmt.money(amount)
    return fmt.quantity(indicator.to_display(amount), indicator.shown_unit)


# ---- many figures at once (the report writer, dashboards over many indicators) ----

Key = tuple[str, int, str]  # (indicator code, org pk, period code)


def _with_inputs(indicators) -> dict[str, Indicator]:
    """The indicators by code, plus every indicator their formulas refer to (one query per formula level)."""
    found: dict[str, Indicator] = {}
    wanted = set()
    for ind in indicators:
        if isinstance(ind, Indicator):
            found[ind.code] = ind
        else:
            wanted.add(ind)
    for _ in range(6):
        wanted -= set(found)
        if wanted:
            found.update(Indicator.objects.in_bulk(list(wanted), field_name="code"))
        refs = set()
        for ind in found.values():
            if ind.formula:
                try:
                    refs |= formulas.references(ind.formula)
                except formulas.FormulaError:
                    pass
        wanted = refs - set(found)
        if not wanted:
            break
    return found


def values_many(indicators, orgs, periods) -> dict[Key, Decimal | None]:
    """Every combination of indicators × orgs × periods, keyed (code, org pk, period code).

    The four steps above, each done for all the figures at once: stored values in one query, the
    orgs' own finer values in one grouped query per month window (two for non-summed indicators), the
    children's stored values in one grouped query, and where children hold nothing for the period, the same
    again one level down (a few queries per level of the tree, never one per org or per figure)."""
    indicators = list(indicators)
    inds = _with_inputs(indicators)
    asked = [i.code if isinstance(i, Indicator) else i for i in indicators]
    periods = list({p.code: p for p in (Period.parse(p) for p in periods)}.values())
    orgs = list(orgs)
    seen_epoch, fresh = figures.epoch(), {}
    resolved = _resolve(inds, orgs, periods, fresh)
    figures.keep(seen_epoch, fresh, inds)
    pks, codes = [o.pk for o in orgs], [p.code for p in periods]
    return {(code, o, p): resolved.get((code, o, p)) for code in asked for o in pks for p in codes}


def _resolve(inds: dict[str, Indicator], orgs: list, periods: list[Period], fresh: dict) -> dict[Key, Decimal | None]:
    """The figures kept (`figures`) where there are, `_level` for the units missing any; what it computed goes
    into `fresh` (to be kept)."""
    known = figures.read(inds, orgs, periods) if orgs and inds and periods else {}
    codes = [p.code for p in periods]
    todo = [o for o in orgs if any((code, o.pk, p) not in known for code in inds for p in codes)]
    if todo:
        computed = _level(inds, todo, periods, fresh)
        fresh.update(computed)
        known.update(computed)
    return known


def _level(inds: dict[str, Indicator], orgs: list, periods: list[Period], fresh: dict) -> dict[Key, Decimal | None]:
    if not orgs or not inds or not periods:
        return {}
    code_of = {ind.pk: code for code, ind in inds.items()}
    ids, codes = list(code_of), [p.code for p in periods]
    months = {p.code for p in periods if p.kind == MONTH}

    # 1. stored for exactly that org and period
    stored: dict[Key, Decimal] = {
        (code_of[i], o, p): v
        for i, o, p, v in DataValue.objects.filter(indicator__in=ids, org__in=orgs, period__in=codes)
        .values_list("indicator_id", "org_id", "period", "value")
    }

    # 2. the org's own finer values inside each (non-month) period
    finer: dict[Key, Decimal] = {}
    windows: dict[tuple[int, int], list[Period]] = {}
    for p in periods:
        if p.kind != MONTH:
            windows.setdefault((p.first_month, p.last_month), []).append(p)
    summed = [ind.pk for ind in inds.values() if ind.aggregation == Aggregation.SUM]
    latest = [ind.pk for ind in inds.values() if ind.aggregation != Aggregation.SUM]
    for (first, last), ps in windows.items():
        period_of_year = {p.year: p.code for p in ps}
        rows = (
            DataValue.objects.filter(org__in=orgs, year__in=list(period_of_year), first_month__gte=first,
                                     last_month__lte=last)
            .exclude(period__in=list(period_of_year.values()))
            .annotate(span=F("last_month") - F("first_month"))
        )
        if summed:
            groups = (rows.filter(indicator__in=summed).values("indicator_id", "org_id", "year", "span")
                      .annotate(total=Sum("value")).order_by("indicator_id", "org_id", "year", "span"))
            for g in groups:
                key = (code_of[g["indicator_id"]], g["org_id"], period_of_year[g["year"]])
                finer.setdefault(key, g["total"])  # the finest granularity that has any
        if latest:
            last_rows = (rows.filter(indicator__in=latest)
                         .order_by("indicator_id", "org_id", "year", "-last_month", "-span")
                         .values_list("indicator_id", "org_id", "year", "value"))
            for i, o, y, v in last_rows:
                finer.setdefault((code_of[i], o, period_of_year[y]), v)

    # 4a. the children's stored values, grouped by parent (the rule of `_children_aggregate`)
    children_agg: dict[Key, Decimal] = {}
    rolled = [ind.pk for ind in inds.values() if ind.aggregation != Aggregation.NONE]
    if rolled:
        weighted = ExpressionWrapper(F("value") * F("org__population"), output_field=_MONEY)
        populated = Q(org__population__gt=0)
        groups = (
            DataValue.objects.filter(indicator__in=rolled, period__in=codes, org__parent__in=orgs)
            .values("indicator_id", "org__parent", "period")
            .annotate(total=Sum("value"), mean=Avg("value"), weighted=Sum(weighted, filter=populated),
                      people=Sum("org__population", filter=populated))
            .order_by()
        )
        for g in groups:
            code = code_of[g["indicator_id"]]
            agg = inds[code].aggregation
            key = (code, g["org__parent"], g["period"])
            if agg == Aggregation.SUM and g["total"] is not None:
                children_agg[key] = Decimal(g["total"])
            elif agg == Aggregation.AVERAGE and g["mean"] is not None:
                children_agg[key] = Decimal(g["mean"])
            elif agg == Aggregation.RATIO and g["people"]:
                children_agg[key] = Decimal(g["weighted"]) / g["people"]

    # 4b. where no child stored the period: resolve the children (one level down, all at once) and roll up
    def unresolved(code, org_pk, p):
        key = (code, org_pk, p.code)
        return (inds[code].aggregation != Aggregation.NONE and key not in stored and key not in children_agg
                and (p.kind == MONTH or key not in finer))

    walk_orgs = {o.pk for o in orgs if any(unresolved(c, o.pk, p) for c in inds for p in periods)}
    below: dict[Key, Decimal | None] = {}
    children_of: dict[int, list] = {}
    if walk_orgs:
        children = list(OrgUnit.objects.filter(parent__in=walk_orgs).order_by("code"))
        for c in children:
            children_of.setdefault(c.parent_id, []).append(c)
        below = _resolve(inds, children, periods, fresh)

    def walked(code, org_pk, period_code):
        kids = children_of.get(org_pk)
        return combine(inds[code].aggregation, [(c, below.get((code, c.pk, period_code))) for c in kids]) \
            if kids else None

    # 1 → 2 → 3 (formula over the same org and period) → 4, as `value` does
    memo: dict[tuple[Key, int], Decimal | None] = {}

    def get(code, org_pk, period_code, depth=0):
        if code not in inds:
            return None
        key = (code, org_pk, period_code)
        if (key, depth) in memo:
            return memo[(key, depth)]
        ind = inds[code]
        result = stored.get(key)
        if result is None and period_code not in months:
            result = finer.get(key)
        if result is None and ind.formula and depth < 5:
            result = formulas.evaluate(ind.formula, lambda ref: get(ref, org_pk, period_code, depth + 1))
        if result is None and ind.aggregation != Aggregation.NONE:
            result = children_agg[key] if key in children_agg else walked(code, org_pk, period_code)
        memo[(key, depth)] = result
        return result

    pks = [o.pk for o in orgs]
    return {(code, o, p): get(code, o, p) for code in inds for o in pks for p in codes}


def targets_many(indicators, org, year: int) -> dict[str, Decimal | None]:
    """`target` for many indicators of one org and year: stored targets in one query, children's sums in another."""
    inds = {ind.code: ind for ind in (_indicator(i) if not isinstance(i, Indicator) else i for i in indicators)}
    code_of = {ind.pk: code for code, ind in inds.items()}
    result: dict[str, Decimal | None] = {code: None for code in inds}
    for i, v in Target.objects.filter(indicator__in=list(code_of), org=org, year=year).values_list("indicator_id", "value"):
        result[code_of[i]] = v
    summed = [ind.pk for code, ind in inds.items() if result[code] is None and ind.aggregation == Aggregation.SUM]
    if summed:
        rows = (Target.objects.filter(indicator__in=summed, org__parent=org, year=year).values("indicator_id")
                .annotate(t=Sum("value")).order_by())
        for r in rows:
            result[code_of[r["indicator_id"]]] = r["t"]
    return result
