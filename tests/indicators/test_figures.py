"""Kept figures (`indicators.figures`) always equal the figures computed from the values: after random writes,
deletes, formula and aggregation changes and a population change, every figure read (county, towns, villages;
years, quarters, halves, months) is what the four steps give from scratch; a figure computed while a write
committed is not kept."""

import random
from decimal import Decimal

import pytest

from zhenwu.core.models import OrgUnit
from zhenwu.core.periods import Period
from zhenwu.indicators import figures, services
from zhenwu.indicators.actions import Cell, save_cells
from zhenwu.indicators.models import Aggregation, DataValue, Figure, Indicator

pytestmark = pytest.mark.django_db

PERIODS = ["2023", "2023H1", "2023Q2", "2023-03", "2022", "2024", "2020"]


def _units():
    county = OrgUnit.objects.get(level="county")
    towns = list(OrgUnit.objects.filter(parent=county, level__in=["town", "street"]).order_by("code"))
    villages = list(OrgUnit.objects.filter(parent__in=towns).order_by("code"))
    return county, towns, villages


def _from_scratch(monkeypatch, codes, orgs, periods):
    with monkeypatch.context() as m:
        m.setattr(figures, "read", lambda *a: {})
        m.setattr(figures, "keep", lambda *a: None)
        return services.values_many(codes, orgs, periods)


def _check(monkeypatch, codes, orgs):
    kept = services.values_many(codes, orgs, PERIODS)
    assert Figure.objects.exists()
    assert kept == _from_scratch(monkeypatch, codes, orgs, PERIODS)
    return kept


def _put(ind, org, period, value):
    assert save_cells(None, [Cell(ind, org, Period.parse(period), "", base_value=Decimal(value))], confirmed=True).ok


def test_kept_figures_equal_computed_ones_after_random_writes(monkeypatch):
    rng = random.Random(7)
    county, towns, villages = _units()
    orgs = [county, *towns, *villages[:16]]  # villages[:16] spans more than one town
    inds = {i.code: i for i in Indicator.objects.all()}
    codes = sorted(inds)
    before = _check(monkeypatch, codes, orgs)
    assert services.values_many(codes, orgs, PERIODS) == before  # read from the kept figures now

    for step in range(6):
        cells = []
        for _ in range(rng.randint(1, 6)):
            ind = inds[rng.choice(codes)]
            org = rng.choice(villages + towns)
            period = Period.parse(rng.choice(["2023", "2023-03", "2023-05", "2023Q2", "2022", "2024-01"]))
            value = None if rng.random() < 0.2 else Decimal(rng.randint(0, 500))
            cells.append(Cell(ind, org, period, "", base_value=value))
        save_cells(None, cells, confirmed=True)
        if step % 2:  # computed from scratch every other batch (seconds each); kept again after every one
            _check(monkeypatch, codes, orgs)
        else:
            services.values_many(codes, orgs, PERIODS)

    def changes(key, act):
        """`act` moves the figure `key`; asked alone (as a dashboard asks a few indicators) it is the new one."""
        one = ([key[0]], [o for o in orgs if o.pk == key[1]], [key[2]])
        was = services.values_many(*one)[key]
        act()
        now = services.values_many(*one)[key]
        assert now == _from_scratch(monkeypatch, *one)[key] and now != was, key
        assert services.values_many(*one)[key] == now, f"{key}: read again, from the kept figures"
        _check(monkeypatch, codes, orgs)

    # a value of a formula's input moves the formula's figure (村均 = 集体收入 / 村数)
    town = next(t for t in towns if DataValue.objects.filter(indicator__code="village_collective_income", org=t,
                                                              period="2023").exists())
    changes(("village_collective_income_avg", town.pk, "2023"), lambda: save_cells(None, [Cell(
        inds["village_collective_income"], town, Period.parse("2023"), "", base_value=Decimal(99_000_000))],
        confirmed=True))
    # an aggregation rule changed in the catalogue (a year the demo has no value of: the county's figure is
    # then the roll-up of two villages in two towns)
    summed = Indicator.objects.filter(aggregation=Aggregation.SUM, formula="").first()
    assert not DataValue.objects.filter(indicator=summed, year=2020).exists()
    a, b = villages[0], next(v for v in villages if v.parent_id != villages[0].parent_id)
    _put(summed, a, "2020", 100)
    _put(summed, b, "2020", 300)

    def average():
        summed.aggregation = Aggregation.AVERAGE
        summed.save()
    changes((summed.code, county.pk, "2020"), average)
    # a village's population weights the ratios above it
    ratio = Indicator.objects.filter(aggregation=Aggregation.RATIO, formula="").first()
    c = next(v for v in villages if v.parent_id == a.parent_id and v.pk != a.pk)
    _put(ratio, a, "2020", 10)
    _put(ratio, c, "2020", 30)

    def populate():
        c.population = (c.population or 1000) * 5
        c.save()
    changes((ratio.code, a.parent_id, "2020"), populate)

    # a value cleared (an empty cell) is forgotten too
    changes((summed.code, county.pk, "2020"), lambda: save_cells(
        None, [Cell(summed, b, Period.parse("2020"), "", base_value=None)], confirmed=True))


def test_a_write_forgets_only_its_indicator_its_units_and_its_year():
    county, towns, villages = _units()
    gross = Indicator.objects.get(code="gross_output")
    others = list(Indicator.objects.exclude(pk=gross.pk)[:5])
    services.values_many([gross, *others], [county, *towns, *villages], ["2023", "2022"])
    kept = Figure.objects.count()
    village = next(v for v in villages if v.parent_id == towns[0].pk)
    save_cells(None, [Cell(gross, village, Period.parse("2023-04"), "", base_value=Decimal(5))], confirmed=True)
    gone = kept - Figure.objects.count()
    left = set(Figure.objects.filter(indicator=gross, year=2023).values_list("org_id", flat=True))
    assert {county.pk, towns[0].pk, village.pk}.isdisjoint(left)
    assert towns[1].pk in left and Figure.objects.filter(indicator=gross, year=2022, org=county).exists()
    users = {i.pk for i in Indicator.objects.filter(formula__contains="gross_output")}
    assert 3 <= gone <= 3 * 2 * (1 + len(users))  # the unit, its town, the county; for the year's periods


def test_a_figure_computed_while_a_write_committed_is_not_kept():
    county, _, villages = _units()
    gross = Indicator.objects.get(code="gross_output")
    seen = figures.epoch()
    computed = {("gross_output", county.pk, "2023"): Decimal(1)}
    save_cells(None, [Cell(gross, villages[0], Period.parse("2023-04"), "", base_value=Decimal(9))], confirmed=True)
    figures.keep(seen, computed, {"gross_output": gross})
    assert not Figure.objects.filter(indicator=gross, org=county, period="2023").exists()
    figures.keep(figures.epoch(), computed, {"gross_output": gross})
    assert Figure.objects.filter(indicator=gross, org=county, period="2023").exists()
