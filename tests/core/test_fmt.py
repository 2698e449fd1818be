"""The one presentation of numbers: money as the reports write it, percentages, growth, points."""

from decimal import Decimal

import pytest
from django.template import Context, Template

from zhenwu.core import fmt


@pytest.mark.parametrize("yuan,text", [
    ("1813999999", "18.14亿元"), ("680050000", "6.80亿元"), ("680000000", "6.80亿元"), ("685000000", "6.85亿元"),
    ("1504640000", "15.05亿元"), ("137000000", "1.37亿元"), ("28430000", "2843万元"), ("3892000", "389.2万元"),
    ("436000", "43.6万元"), ("10000", "1万元"), ("1800", "1800元"), ("1800.5", "1800.5元"), ("0", "0元"),
    ("-28430000", "-2843万元"),
])
def test_money_in_the_register_of_the_reports(yuan, text):
    assert fmt.money(Decimal(yuan)) == text


def test_money_never_four_decimals_of_yi_nor_bare_yuan_for_big_sums():
    for yuan in ("123456789", "987654321012", "100000000"):
        text = fmt.money(Decimal(yuan))
        assert text.endswith("亿元") and len(text.split(".")[1].removesuffix("亿元")) == 2
    assert fmt.money(Decimal("123456"), unit="万元") == "12.35万元"
    assert fmt.money(None) == "—"


def test_percent_growth_points_and_counts():
    assert fmt.percent(Decimal("100.00")) == "100%"
    assert fmt.percent(Decimal("83.14")) == "83.1%"
    assert fmt.growth(Decimal("38.19")) == "同比增长38.2%"
    assert fmt.growth(Decimal("-3.21")) == "同比下降3.2%"
    assert fmt.growth(Decimal("0.01")) == "与上年持平"
    assert fmt.growth(Decimal("9.849"), prefix="") == "增长9.8%"
    assert fmt.points(Decimal("2.34")) == "提高2.3个百分点"
    assert fmt.points(Decimal("-0.5")) == "下降0.5个百分点"
    assert fmt.count(Decimal("1978.00")) == "1978"
    assert fmt.quantity(Decimal("2600.50"), "亩") == "2600.5亩"
    assert fmt.quantity(Decimal("680000000"), "元") == "6.80亿元"
    assert fmt.trimmed(Decimal("1E+1")) == "10"
    assert fmt.cn_number(12) == "十二" and fmt.cn_number(21) == "二十一"


def test_template_filters_use_the_same_rules():
    out = Template("{% load fmt %}{{ a|money }} {{ b|percent }} {{ c|growth }}").render(
        Context({"a": Decimal("680000000"), "b": Decimal("62.5"), "c": Decimal("-3.2")}))
    assert out == "6.80亿元 62.5% 下降3.2%"


import pytest as _pytest  # noqa: E402


@_pytest.mark.django_db
def test_a_list_its_export_and_its_api_say_the_same(login):
    """One column definition: the project list page, its Excel export and the API's display fields agree."""
    import io

    from openpyxl import load_workbook

    client = login("qinghe")
    page = client.get("/plans/projects/?year=2023").content.decode()
    api = client.get("/api/plans/projects?year=2023").json()
    wb = load_workbook(io.BytesIO(client.get("/plans/projects/?year=2023&format=xlsx").getvalue()))
    header = [c.value for c in wb.active[1]]
    assert header[:3] == ["年度", "项目", "单位"] and "计划总投资（万元）" in header
    rows = list(wb.active.iter_rows(min_row=2, values_only=True))
    assert len(rows) == len(api) > 0
    first = api[0]["display"]
    assert list(first)[:3] == ["年度", "项目", "单位"]
    assert first["计划总投资"] in page and first["计划总投资"].endswith(("亿元", "万元"))
    by_name = {r[1]: r for r in rows}
    col = header.index("计划总投资（万元）")
    for p in api:
        if p["planned_investment"] is not None:
            assert float(by_name[p["name"]][col]) == float(p["planned_investment"]) / 10000
