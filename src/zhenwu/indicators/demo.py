"""Demo figures for 清河镇 (report seed 000), 石岭镇 (seed 001) and the other demo units, 2021 up to today, with
village splits and targets.

2023 holds the reports' own figures; 2022 and 2021 are derived back from the stated growth (where a report
states none, a modest 5% a year). The years after 2023 up to last year go on at 5% a year, and the month-reported
figures at +8% a month on the same month a year before, up to last month: the working year has figures to date,
as a real town's would. Village values are split with stable weights that differ by year and
add up exactly to the town figure, so roll-ups and YoY bars by village show real differences.
Bulk inserts with ignore_conflicts keep the loader idempotent: a second run changes nothing.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from zhenwu.core.demo import stable
from zhenwu.core.models import Level, OrgUnit
from zhenwu.core.periods import Period

from . import actions, units
from .models import DataValue, Indicator, PeriodLock, Source, Target

QINGHE, SHILING, CHENGGUAN = "990102101", "990102102", "990102001"
FINANCE, SUPPLY = "990102404", "990102405"
DEFAULT_GROWTH = Decimal("5")

# code: (2023 figure, unit as written, stated growth % or None). Counts of events (学习、会议、检查、巡河、演练、
# 新增低保户…) are not typed here: the reports count the ledger records of those events.
QINGHE_2023 = {
    "gross_output": ("18.14", "亿元", "9.8"),
    "industrial_output_above_scale": ("2843", "万元", "11.2"),
    "fixed_asset_investment": ("1.3673", "亿元", "38.19"),
    "rural_disposable_income": ("14145", "元", "11.5"),
    "retail_sales": ("57400", "万元", "21.5"),
    "local_budget_revenue": ("389.2", "万元", "8.6"),
    "early_rice_area": ("15307", "亩", None),
    "herbal_area": ("1500", "亩", None),
    "key_projects": ("8", "个", None),
    "key_project_investment": ("6.85", "亿元", None),
    "tourism_revenue": ("60", "万元", None),
    "hazard_rectification_rate": ("100", "%", None),
    "disputes_mediated": ("107", "件", None),
    "road_hardened": ("28", "公里", None),
    "river_cleaned": ("18", "公里", None),
}
SHILING_2023 = {
    "grain_area": ("29919", "亩", None),
    "grain_output": ("10126", "吨", None),
    "land_protection_subsidy_area": ("29756", "亩", None),
    "crop_insurance_area": ("17167", "亩", None),
    "machinery_subsidy": ("48.152", "万元", None),
    "high_standard_farmland": ("3523", "亩", None),
    "stable_poverty_households": ("1178", "户", None),
    "monitored_households": ("125", "户", None),
    "risk_elimination_rate": ("79.43", "%", None),
    "public_welfare_jobs": ("142", "人", None),
    "village_collective_income": ("302.4", "万元", None),
    "village_count": ("12", "个", None),
    "road_hardened": ("4.4", "公里", None),
    "waste_cleared": ("57.7", "吨", None),
    "trees_planted": ("10034", "棵", None),
    "film_recycled": ("43", "吨", None),
    "disputes_mediated": ("464", "件", None),
    "key_persons_controlled": ("49", "人", None),
    "farmland_restored": ("98.21", "亩", None),
    "individual_businesses": ("304", "户", None),
}
CHENGGUAN_2023 = {
    "poverty_income": ("16494", "元", "18.2"),
    "employment_rate": ("87.1", "%", None),
}
# 县财政局 and 县供销社 (seed 004): the growth rates and quantities the reports state; the amounts they write as
# XX are illustrative.
FINANCE_2023 = {
    "local_budget_revenue": ("51200", "万元", "8.5"),
    "tax_revenue": ("33400", "万元", None),
    "budget_expenditure": ("236000", "万元", "-8.2"),
    "expenditure_progress": ("92.6", "%", None),
    "sanbao_expenditure": ("98000", "万元", None),
    "superior_transfers": ("156000", "万元", None),
    "debt_balance": ("48.6", "亿元", None),
}
SUPPLY_2023 = {
    "coop_recycling_sales": ("147.6", "万元", None),
    "coop_fertilizer_sold": ("143412", "吨", None),
    "coop_pesticide_sold": ("618.7", "吨", None),
    "coop_logistics_coverage": ("50", "%", None),
    "staff_quota": ("11", "名", None),
    "staff_on_duty": ("9", "名", None),
}
# Figures split over the villages (and communities) of the town, per year.
VILLAGE_SPLITS = {
    QINGHE: ["early_rice_area", "disputes_mediated"],
    SHILING: ["village_collective_income", "grain_area", "grain_output", "disputes_mediated"],
    CHENGGUAN: [], FINANCE: [], SUPPLY: [],
}
VILLAGE_ONLY_LEVELS = {QINGHE: (Level.VILLAGE, Level.COMMUNITY), SHILING: (Level.VILLAGE,), CHENGGUAN: (Level.COMMUNITY,), FINANCE: (), SUPPLY: ()}
# Month-reported figures also get 2023 months (adding up to the year) and every month since, up to last month, at
# +8% on the same month a year before (their later years are the sums of their months).
MONTHLY = ["industrial_output_above_scale", "fixed_asset_investment", "retail_sales", "local_budget_revenue"]
TARGET_GROWTH = Decimal("0.08")


def _weight(*parts) -> int:
    return 50 + stable(*parts)


# Base units of quantities that take decimals; everything else (户, 人, 次, 个…) is counted in whole numbers.
MEASURED = {"元", "亩", "吨", "斤", "公里", "米", "平方米", "立方米", "%"}


def _round(value: Decimal, like: Decimal, unit: str) -> Decimal:
    """Round a derived figure two decimals finer than the stated one (at most four), so its growth recomputes
    to the stated rate (2843万元 ÷ 1.112 → 2556.65万元, not 2557万元 which gives 11.18%); counts stay whole."""
    if units.base_of(unit)[0] not in MEASURED:
        return value.quantize(Decimal(1), ROUND_HALF_UP)
    places = max(-like.normalize().as_tuple().exponent, 0)
    return value.quantize(Decimal(1).scaleb(-min(places + 2, 4)), ROUND_HALF_UP)


def _split(total: Decimal, keys: list, *salt, wobble=None) -> dict:
    """Split `total` over `keys` with stable weights; the parts add up exactly (remainder on the last).
    With `wobble` (e.g. the year) each share moves by up to ±8% around its stable size, so a village keeps
    its size from year to year while its growth differs a little from the town's."""
    weights = [_weight(k, *salt) * (92 + (0 if wobble is None else _weight(k, *salt, wobble) % 17)) for k in keys]
    step = Decimal(1) if total == total.to_integral_value() else Decimal("0.01")
    parts = [(total * w / sum(weights)).quantize(step, ROUND_HALF_UP) for w in weights]
    parts[-1] += total - sum(parts)
    return dict(zip(keys, parts))


def _town_years(figures: dict, indicators: dict) -> dict:
    """{code: {year: value in base unit}} for 2021–2023 from the 2023 figure and its growth; earlier years are
    rounded in the report's own unit (18.14亿元 → 16.5209亿元), as a clerk would write them."""
    years = {}
    for code, (text, unit, growth) in figures.items():
        ind = indicators[code]
        written = Decimal(text)
        if ind.unit == "%":
            w2021 = w2022 = written
        else:
            g = Decimal(growth if growth else DEFAULT_GROWTH) / 100
            w2022 = _round(written / (1 + g), written, unit)
            w2021 = _round(w2022 / (1 + g), written, unit)
        years[code] = {y: units.convert(w, unit, ind.unit) for y, w in ((2021, w2021), (2022, w2022), (2023, written))}
    return years


def load() -> None:
    actions.load_pack(None)
    indicators = {i.code: i for i in Indicator.objects.all()}
    values: list[DataValue] = []
    targets: list[Target] = []

    def add(code, org, period, amount, source=Source.ENTERED, note=""):
        dv = DataValue(indicator=indicators[code], org=org, value=amount, source=source, note=note)
        dv.set_period(period)
        values.append(dv)

    today = timezone.localdate()
    for town_code, figures in ((QINGHE, QINGHE_2023), (SHILING, SHILING_2023), (CHENGGUAN, CHENGGUAN_2023),
                                (FINANCE, FINANCE_2023), (SUPPLY, SUPPLY_2023)):
        town = OrgUnit.objects.get(code=town_code)
        villages = list(OrgUnit.objects.filter(parent=town, level__in=VILLAGE_ONLY_LEVELS[town_code]))
        years = _town_years(figures, indicators)
        for code, by_year in years.items():
            unit, v2023 = indicators[code].unit, by_year[2023]
            if code in MONTHLY:  # the year is the sum of its months; last month is the latest
                months = _split(v2023, list(range(1, 13)), code, town_code)
                for year in range(2023, today.year + 1):
                    rate = (1 + TARGET_GROWTH) ** (year - 2023)
                    grown = [(m, part if year == 2023 else _round(part * rate, v2023, unit))
                             for m, part in months.items() if (year, m) < (today.year, today.month)]
                    for m, part in grown:
                        add(code, town, f"{year}-{m:02d}", part)
                    if year > 2023 and len(grown) == 12:
                        by_year[year] = sum(part for _, part in grown)
            elif unit != "%":
                for year in range(2024, today.year):
                    by_year[year] = _round(by_year[year - 1] * (1 + DEFAULT_GROWTH / 100), v2023, unit)
            for year, amount in by_year.items():
                if code not in MONTHLY or year <= 2023:
                    note = "2023年工作总结" if year == 2023 else "按报告增速推算"
                    add(code, town, str(year), amount, note=note)
                if code in VILLAGE_SPLITS[town_code]:
                    for village, part in _split(amount, villages, code, wobble=year).items():
                        add(code, village, str(year), part)
            if unit != "%":  # each year's target: last year's figure + 8%
                for year in range(2023, today.year + 1):
                    if year - 1 in by_year:
                        targets.append(Target(indicator=indicators[code], org=town, year=year, value=_round(
                            by_year[year - 1] * (1 + TARGET_GROWTH), v2023, unit)))
            if code == "village_collective_income":
                for village in villages:
                    last = next(v for v in values if v.org_id == village.pk and v.period == "2023" and v.indicator.code == code)
                    targets.append(Target(indicator=indicators[code], org=village, year=2024,
                                          value=_round(last.value * Decimal("1.1"), v2023, indicators[code].unit)))
    lock = PeriodLock(org=OrgUnit.objects.get(code=QINGHE), note="2022年数据已报送县统计局")
    lock.set_period(Period.parse("2022"))
    actions.seed(values, targets, [lock])
