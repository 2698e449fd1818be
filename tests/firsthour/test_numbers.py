"""Numbers right: 同比 compares the same months (town and county, yearly and monthly grids); readable record numbers;
a report's date is the end of its period."""

from decimal import Decimal

import pytest
from django.urls import reverse

from zhenwu.indicators import services
from zhenwu.indicators.demo import MONTHLY, TARGET_GROWTH

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("code", MONTHLY)
def test_partial_year_compared_with_same_months_at_town_and_county(org, code):
    expected = TARGET_GROWTH * 100
    for unit in (org("清河镇"), org("示例县")):
        cmp = services.yoy(code, unit, "2024")
        assert cmp.growth is not None and abs(cmp.growth - expected) < Decimal("0.5"), (unit.name, cmp)
        assert services.covered(code, unit, "2024").last_month == 6


def test_monthly_grid_has_a_yoy_column(login):
    client = login("admin")
    resp = client.get(reverse("indicator_grid"), {"mode": "month", "year": "2024"})
    grid = resp.context["grid"]
    assert grid.has_growth and "累计同比" in resp.content.decode()
    row = next(r for r in grid.rows if r.indicator.code == MONTHLY[0])
    from zhenwu.core import fmt

    assert row.growth == fmt.growth(services.yoy(MONTHLY[0], resp.context["grid"].org, "2024").growth, prefix="")
    assert row.growth == "增长8%"
    header, body = grid.table()
    assert header[-1] == "累计同比" and next(b for b in body if b[0] == row.indicator.name)[-1] == "增长8%"
