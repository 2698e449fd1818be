"""Numbers right: 同比 compares the same months (town and county, yearly and monthly grids); readable record numbers;
a report's date is the end of its period."""

from decimal import Decimal

import pytest
from django.db import models
from django.urls import reverse

from zhenwu.indicators import services
from zhenwu.indicators.demo import MONTHLY, TARGET_GROWTH

pytestmark = pytest.mark.django_db


@pytest.fixture
def reported_to_june():
    """Last year as if every unit had reported only January–June of its monthly figures (the demo has every month
    of the years before this one, each 8% above the same month a year before): a year in progress, whatever today."""
    from django.utils import timezone

    from zhenwu.indicators.models import DataValue

    year = timezone.localdate().year - 1
    DataValue.objects.filter(indicator__code__in=MONTHLY, year=year, first_month__gt=6,
                             first_month=models.F("last_month")).delete()
    return str(year)


@pytest.mark.parametrize("code", MONTHLY)
def test_partial_year_compared_with_same_months_at_town_and_county(org, code, reported_to_june):
    expected = TARGET_GROWTH * 100
    for unit in (org("清河镇"), org("示例县")):
        cmp = services.yoy(code, unit, reported_to_june)
        assert cmp.growth is not None and abs(cmp.growth - expected) < Decimal("0.5"), (unit.name, cmp)
        assert services.covered(code, unit, reported_to_june).last_month == 6
    # the dashboard's 同比 (many indicators at once) says the same at the county
    county = org("示例县")
    assert services.yoy_many([code], county, reported_to_june)[code] == services.yoy(code, county, reported_to_june)


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


def test_records_have_readable_numbers_in_order(demo_user, org):
    import datetime as dt
    import re

    from zhenwu.ledgers import actions
    from zhenwu.ledgers.models import LedgerEntry, LedgerKind

    qinghe = org("清河镇")
    kind = LedgerKind.objects.get(code="safety_hazard")
    entries = LedgerEntry.objects.within(qinghe).filter(kind=kind, occurred_on__year=2023)
    numbers = list(entries.order_by("number_seq").values_list("number", flat=True))
    assert numbers and all(re.fullmatch(r"清河镇安全隐患〔2023〕\d+号", n) for n in numbers)
    assert [int(n[len("清河镇安全隐患〔2023〕"):-1]) for n in numbers] == list(range(1, len(numbers) + 1))
    assert not LedgerEntry.objects.filter(number="").exists()
    # the next one a clerk files follows them, whichever village it happened in
    base = entries.first().data
    data = {k: v for k, v in base.items() if not hasattr(v, "ftype")}
    new = actions.create_entry(demo_user("qinghe-aj"), kind, qinghe, title="中学灭火器过期",
                               occurred_on=dt.date(2023, 11, 3), data=data)
    assert new.number == f"清河镇安全隐患〔2023〕{len(numbers) + 1}号"
    shiling = LedgerEntry.objects.within(org("石岭镇")).exclude(number="").first()
    assert shiling.number.startswith("石岭镇")


def test_report_is_dated_the_end_of_its_period_unless_set(org):
    import datetime as dt

    from zhenwu.reports import actions, services

    report, _ = actions.get_or_create_report(None, org("清河镇"), services.outline_for("annual"), "2023")
    assert report.signed_on == dt.date(2023, 12, 31)
    half, _ = actions.get_or_create_report(None, org("石岭镇"), services.outline_for("half"), "2023H1",
                                           signed_on=dt.date(2023, 7, 10))
    assert half.signed_on == dt.date(2023, 7, 10)


def test_report_generation_runs_as_a_job_once(login):
    from zhenwu.core.models import Job
    from zhenwu.reports.models import Outline, Report

    client = login("qinghe")
    outline = Outline.objects.get(code="township-annual")
    page = client.get(reverse("report_list")).content.decode()
    once = page.split('name="once" value="')[1].split('"')[0]
    data = {"outline": outline.pk, "period": "2023", "once": once}
    first = client.post(reverse("report_list"), data)
    report = Report.objects.get(org__name="清河镇", outline=outline, period="2023")
    assert first.status_code == 302 and first["Location"] == report.get_absolute_url()
    job = Job.objects.get(kind="reports.generate", user__username="qinghe")
    assert job.status == Job.DONE and job.percent == 100 and job.result_url == report.get_absolute_url()
    client.post(reverse("report_list"), data)  # the same form sent again: no second job, no second report
    assert Job.objects.filter(kind="reports.generate", user__username="qinghe").count() == 1
    assert Report.objects.filter(org__name="清河镇", outline=outline, period="2023").count() == 1
    bad = client.post(reverse("report_list"), {"outline": outline.pk, "period": "2023H1", "once": "x"})
    assert bad.status_code == 200 and bad.context["form"].errors["period"]


def test_units_chart_compares_the_same_months(org, demo_user, reported_to_june):
    """The county's bars by town and their 同比 line: January–June against January–June, labelled so."""
    from zhenwu.indicators import charts
    from zhenwu.indicators.models import Indicator

    year = int(reported_to_june)
    data = charts.by_unit(Indicator.objects.get(code=MONTHLY[0]), org("示例县"), year, demo_user("admin"))
    assert data["labels"] == [f"{year - 1}年上半年", f"{year}年上半年"]
    growth = data["growth"][data["names"].index("清河镇")]
    assert growth is not None and abs(Decimal(str(growth)) - TARGET_GROWTH * 100) < Decimal("0.5")
