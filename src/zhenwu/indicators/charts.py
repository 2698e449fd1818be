"""Chart data (ECharts on the page): trend over years, YoY by unit below the org, target completion, headlines."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count

from zhenwu.core import fmt
from zhenwu.core.models import OrgUnit

from . import services
from .grid import CHILD_LEVELS
from .models import DataValue, Indicator


def default_indicator() -> Indicator | None:
    return Indicator.objects.filter(headline=True).first() or Indicator.objects.first()


def dashboard_indicator(org, year: int) -> Indicator | None:
    """The first headline indicator with a figure for the org's year (in a year in progress the monthly ones,
    not the yearly figure that comes in at its end), else the first headline one."""
    headline, found = services.headline_yoy(org, year)
    return next((i for i in headline if found[i.code].current is not None), None) or default_indicator()


def _num(ind: Indicator, v: Decimal | None) -> float | None:
    return None if v is None else round(float(ind.to_display(v)), 4)


def trend(ind: Indicator, org, last_year: int | None = None, span: int = 5) -> dict:
    from .grid import default_year

    last_year = last_year or default_year(org)
    points = services.series(ind, org, [str(y) for y in range(last_year - span + 1, last_year + 1)])
    return {"years": [f"{p.year}年" for p, _ in points], "values": [_num(ind, v) for _, v in points]}


def by_unit(ind: Indicator, org, year: int, user) -> dict:
    """This year and last year for each unit directly below `org` (villages of a town, towns of a county);
    no units at all when none of them has a value, so the page shows no empty chart."""
    units = list(OrgUnit.objects.visible_to(user).filter(parent=org, level__in=CHILD_LEVELS))
    # a year in progress against the same months of last year, as the org's own 同比
    span = services.covered(ind, org, str(year))
    before_code = span.last_year().code
    found = services.values_many([ind], units, [str(year), before_code])
    now = {u.pk: found[(ind.code, u.pk, str(year))] for u in units}
    before = {u.pk: found[(ind.code, u.pk, before_code)] for u in units}
    if all(now[u.pk] is None and before[u.pk] is None for u in units):
        units = []
    return {
        "name": ind.name,
        "unit": ind.shown_unit,
        "names": [u.name for u in units],
        "labels": [span.last_year().label, span.label],  # 2025年1—11月 / 2026年1—11月 for a year in progress
        "current": [_num(ind, now[u.pk]) for u in units],
        "previous": [_num(ind, before[u.pk]) for u in units],
        "growth": [float(g) if (g := services.growth(now[u.pk], before[u.pk])) is not None else None for u in units],
    }


def headlines(org, year: int) -> list[dict]:
    rows = []
    headline, found = services.headline_yoy(org, year)
    for ind in headline:
        cmp = found[ind.code]
        rows.append({"code": ind.code, "name": ind.name, "value": services.display(ind, cmp.current),
                     "growth": fmt.growth(cmp.growth, prefix=""), "up": cmp.growth is not None and cmp.growth >= 0})
    return rows


def unit_indicator(org, year: int) -> Indicator | None:
    """The indicator most units below `org` reported for `year` (headline ones first): what the
    by-unit chart shows when the chosen indicator is only kept for the org as a whole."""
    ids = (
        DataValue.objects.filter(org__parent=org, year=year)
        .values("indicator")
        .annotate(n=Count("org", distinct=True))
        .order_by("-indicator__headline", "-n", "indicator__sort")
        .values_list("indicator", flat=True)
    )
    first = ids.first()
    return Indicator.objects.filter(pk=first).first() if first else None


def chart_data(ind: Indicator | None, org, year: int, user, fallback_units: bool = False) -> dict:
    if ind is None:
        return {}
    units = by_unit(ind, org, year, user)
    if fallback_units and not units["names"] and (other := unit_indicator(org, year)) is not None:
        units = by_unit(other, org, year, user)
    done = services.completion(ind, org, str(year))
    return {
        "indicator": {"code": ind.code, "name": ind.name, "unit": ind.shown_unit},
        "org": org.name,
        "year": year,
        "trend": trend(ind, org, year),
        "units": units,
        "completion": {"value": services.display(ind, done.value), "target": services.display(ind, done.target),
                       "rate": float(done.rate) if done.rate is not None else None},
        "headlines": headlines(org, year),
    }
