"""The query service: stored figures, 同比, cumulative, 完成率 and the roll-up rules by aggregation."""

from decimal import Decimal

import pytest

from zhenwu.core.audit import acting_as
from zhenwu.core.periods import Period
from zhenwu.indicators import services
from zhenwu.indicators.actions import Cell, load_pack, save_cells, save_indicator
from zhenwu.indicators.models import DataValue, Indicator
from zhenwu.indicators.packs import DEFAULT_PACK, PackError, read_pack

pytestmark = pytest.mark.django_db


def put(code, org, period, value):
    """Store a value through the app's one write path (as the system)."""
    cell = Cell(Indicator.objects.get(code=code), org, Period.parse(period), "", base_value=Decimal(value))
    assert save_cells(None, [cell], confirmed=True).ok
    return DataValue.objects.get(indicator__code=code, org=org, period=Period.parse(period).code)


def test_pack_covers_every_area():
    pack = read_pack(DEFAULT_PACK)["indicators"]
    assert len(pack) >= 40
    assert {i["category"] for i in pack} == {"economy", "agriculture", "finance", "livelihood", "party", "safety", "ecology"}
    assert Indicator.objects.count() == len(pack)


def test_pack_reload_changes_nothing_and_bad_pack_saves_nothing():
    assert load_pack(None) == (0, 0)
    bad = "indicators:\n  - {code: x1, name: 新指标, unit: 元, category: economy}\n  - {code: x2, name: 坏指标, unit: 元, category: nowhere, formula: 'x1 +'}\n"
    with pytest.raises(PackError) as e:
        load_pack(None, bad)
    assert any("x2" in m for m in e.value.errors)
    assert not Indicator.objects.filter(code="x1").exists()


def test_headline_figures_and_yoy(org):
    town = org("清河镇")
    fai = Indicator.objects.get(code="fixed_asset_investment")
    assert services.value(fai, town, "2023") == Decimal("136730000")
    assert services.display(fai, services.value(fai, town, "2023")) == "1.37亿元"
    cmp = services.yoy("gross_output", town, "2023")
    assert cmp.current == Decimal("1814000000") and round(cmp.growth, 2) == Decimal("9.80")
    assert round(services.yoy("rural_disposable_income", town, "2023").growth, 2) == Decimal("11.50")


def test_cumulative_and_completion_from_months(org):
    town = org("清河镇")
    months = [services.value("local_budget_revenue", town, f"2024-{m:02d}") for m in range(1, 7)]
    assert services.cumulative("local_budget_revenue", town, "2024-06") == sum(months)
    assert services.value("local_budget_revenue", town, "2024Q1") == sum(months[:3])
    done = services.completion("local_budget_revenue", town, "2024-06")
    assert done.target == services.target("local_budget_revenue", town, 2024)
    assert done.rate == (sum(months) / done.target * 100).quantize(Decimal("0.01"))


def test_rollup_sum_from_villages_to_town_to_county(org):
    town, county = org("石岭镇"), org("示例县")
    villages = town.children.filter(level="village")
    stored = sum(DataValue.objects.filter(indicator__code="village_collective_income", org__in=villages, period="2023")
                 .values_list("value", flat=True))
    assert stored == Decimal("3024000")
    assert services.rollup("village_collective_income", town, "2023") == Decimal("3024000")
    # the county has no figure of its own: towns are summed (qinghe has none, so shiling alone)
    assert services.value("village_collective_income", county, "2023") == Decimal("3024000")
    # 村均 is a formula over the totals, never a sum of village averages
    assert services.value("village_collective_income_avg", town, "2023") == Decimal("252000")


def test_per_capita_is_weighted_never_summed(org):
    town = org("古城村").parent
    a, b = org("泉湖村"), org("古城村")
    put("poverty_income", a, "2022", "10000")
    put("poverty_income", b, "2022", "20000")
    expected = (10000 * a.population + 20000 * b.population) / Decimal(a.population + b.population)
    assert services.value("poverty_income", town, "2022") == pytest.approx(expected)
    assert services.value("poverty_income", town, "2022") < 30000


def test_average_and_not_aggregable(org):
    town = org("泉湖村").parent
    put("risk_elimination_rate", org("泉湖村"), "2022", "80")
    assert services.value("risk_elimination_rate", town, "2022") is None
    ind = Indicator.objects.get(code="hazard_rectification_rate")
    ind.aggregation = "average"
    save_indicator(None, ind)
    put("hazard_rectification_rate", org("泉湖村"), "2021-05", "90")
    put("hazard_rectification_rate", org("古城村"), "2021-05", "100")
    assert services.value(ind, town, "2021-05") == Decimal(95)


def test_values_by_org_matches_value(org):
    town = org("石岭镇")
    villages = list(town.children.filter(level="village"))
    batch = services.values_by_org("grain_area", [town, *villages], "2022")
    for o in [town, *villages]:
        assert batch[o.pk] == services.value("grain_area", o, "2022")
    county = org("示例县")
    towns = list(county.children.all())
    batch = services.values_by_org("disputes_mediated", towns, "2023")
    assert batch[org("清河镇").pk] == 107 and batch[org("石岭镇").pk] == 464


def test_demo_loads_twice_without_changes():
    from zhenwu.core.models import AuditLog
    from zhenwu.indicators import demo
    from zhenwu.indicators.models import PeriodLock, Target

    counts = lambda: (DataValue.objects.count(), Target.objects.count(), PeriodLock.objects.count(), AuditLog.objects.count())  # noqa: E731
    before = counts()
    with acting_as(None):
        demo.load()
    assert counts() == before


def test_values_many_resolves_every_rule(org):
    """Stored figures, finer months (summed, or the latest for a rate), children that only hold months, grids
    only under a village, per-capita figures weighted by population, and formulas — all in one batch."""
    from zhenwu.core.models import OrgUnit

    town = org("清河镇")
    villages = list(OrgUnit.objects.filter(parent=town, level="village").order_by("code"))
    a, b, c = villages[:3]
    grid = OrgUnit.objects.filter(parent=c).order_by("code").first()
    put("retail_sales", a, "2023-03", "100")
    put("retail_sales", a, "2023-04", "250")
    put("hazard_rectification_rate", b, "2023-05", "90")
    put("hazard_rectification_rate", b, "2023-09", "70")
    put("hotline_orders", grid, "2023-02", "5")
    put("hotline_orders", grid, "2023-07", "6")
    put("poverty_income", a, "2021", "10000")
    put("poverty_income", b, "2021", "20000")
    got = services.values_many(["retail_sales", "hazard_rectification_rate", "hotline_orders", "poverty_income"],
                               [town, a, b, c], ["2023", "2023H1", "2023-04", "2021"])
    assert got[("retail_sales", a.pk, "2023")] == 350 and got[("retail_sales", a.pk, "2023-04")] == 250
    assert got[("hazard_rectification_rate", b.pk, "2023")] == 70  # a rate: the latest month, never a sum
    assert got[("hazard_rectification_rate", b.pk, "2023H1")] == 90
    assert got[("hotline_orders", c.pk, "2023")] == 11  # the village has nothing: its grid's months add up
    assert got[("hotline_orders", c.pk, "2023H1")] == 5
    weighted = (Decimal(10000) * a.population + Decimal(20000) * b.population) / (a.population + b.population)
    assert got[("poverty_income", town.pk, "2021")] == weighted  # per capita: weighted, never summed
    assert services.value("poverty_income", town, "2021") == weighted
    assert services.rollup("poverty_income", town, "2021") == weighted


def test_values_many_query_count_does_not_grow_with_figures(org):
    """Computed: a few queries per level of the tree (the figures kept afterwards are batched inserts, as many as
    the database's statement size needs). Read again: the kept figures, in two queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    codes = list(Indicator.objects.values_list("code", flat=True))
    town = org("清河镇")
    with CaptureQueriesContext(connection) as cold:
        batch = services.values_many(codes, [town], ["2023", "2022"])
    assert len(batch) == 2 * len(codes)
    assert len([q for q in cold.captured_queries if not q["sql"].startswith("INSERT")]) <= 40
    with CaptureQueriesContext(connection) as warm:
        assert services.values_many(codes, [town], ["2023", "2022"]) == batch
    assert len(warm.captured_queries) <= 3, [q["sql"][:80] for q in warm.captured_queries]


def test_targets_many_matches_target(org):
    town = org("清河镇")
    inds = list(Indicator.objects.all())
    assert services.targets_many(inds, town, 2023) == {i.code: services.target(i, town, 2023) for i in inds}


def test_yoy_of_a_year_in_progress_compares_the_same_months(org):
    """A year reported up to June: its 同比 is against January–June a year before, not the whole year."""
    from zhenwu.indicators import services
    from zhenwu.indicators.models import DataValue

    town = org("清河镇")
    code = DataValue.objects.filter(org=town, period="2024-06").values_list("indicator__code", flat=True).first()
    assert code, "the demo has monthly 2024 values for 清河镇"
    DataValue.objects.filter(org=town, indicator__code=code, year=2024, first_month__gt=6).delete()
    assert services.covered(code, town, "2024").code == "2024H1"
    cmp = services.yoy(code, town, "2024")
    assert cmp.current == services.value(code, town, "2024H1")
    assert cmp.previous == services.value(code, town, "2023H1")
    assert cmp.growth is not None and cmp.growth > 0
    # a whole stored year is compared with the whole previous year
    assert services.covered(code, town, "2023").code == "2023"


def test_demo_growth_recomputes_to_the_rates_seed_000_states(org):
    """Earlier years are derived from the stated growth; recomputing 同比 gives the report's rate back."""
    from zhenwu.indicators import services

    town = org("清河镇")
    stated = {"gross_output": "9.80", "industrial_output_above_scale": "11.20", "fixed_asset_investment": "38.19",
              "rural_disposable_income": "11.50", "retail_sales": "21.50"}
    for code, rate in stated.items():
        assert str(round(services.yoy(code, town, "2023").growth, 2)) == rate, code
